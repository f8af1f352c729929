/**
 * The texts of the demo bijlagen: a groeidocument, an OPP, an observation report and the
 * like, written for one fictional child. Every document says it is fictional.
 */
import type { PdfSection, PdfSpec } from './pdf';

export type DocumentKind =
	| 'groeidocument'
	| 'opp'
	| 'leesdossier'
	| 'observatie'
	| 'mdo'
	| 'tlv-besluit'
	| 'jk-aanvraag'
	| 'jk-observatie'
	| 'onderwijsadvies';

export interface DocumentContext {
	roepnaam: string;
	fullName: string;
	/** YYYY-MM-DD */
	geboortedatum: string;
	geslacht: 'm' | 'v';
	achternaam: string;
	schoolName: string;
	groep: string;
	/** What the hulpvraag is about, e.g. "lezen en spellen". */
	focus: string;
	authorName: string;
	authorFunction: string;
	/** YYYY-MM-DD */
	date: string;
	dateTime: Date;
}

export interface DemoDocument {
	fileName: string;
	spec: PdfSpec;
}

const months = [
	'januari',
	'februari',
	'maart',
	'april',
	'mei',
	'juni',
	'juli',
	'augustus',
	'september',
	'oktober',
	'november',
	'december'
];

export function longDate(iso: string): string {
	const [y, m, d] = iso.split('-').map(Number);
	return `${d} ${months[m! - 1]} ${y}`;
}

function ddmmyy(iso: string): string {
	const [y, m, d] = iso.split('-');
	return `${d}${m}${y!.slice(2)}`;
}

function slug(achternaam: string): string {
	return achternaam
		.normalize('NFKD')
		.replace(/\p{M}/gu, '')
		.toLowerCase()
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');
}

const titles: Record<DocumentKind, string> = {
	groeidocument: 'Groeidocument',
	opp: 'Ontwikkelingsperspectiefplan (OPP)',
	leesdossier: 'Leesdossier',
	observatie: 'Verslag observatie in de klas',
	mdo: 'Verslag multidisciplinair overleg (MDO)',
	'tlv-besluit': 'Besluit toelaatbaarheidsverklaring',
	'jk-aanvraag': 'Aanvraagformulier Jonge Kind (ondertekend)',
	'jk-observatie': 'Observatieverslag peuterspeelzaal',
	onderwijsadvies: 'Onderwijsadvies Jonge Kind'
};

function fileName(kind: DocumentKind, c: DocumentContext): string {
	switch (kind) {
		case 'opp':
			return `OPP_${slug(c.achternaam)}_${ddmmyy(c.date)}.pdf`;
		case 'observatie':
			return `${c.date} Verslag observatie.pdf`;
		case 'mdo':
			return `${c.date} Verslag MDO.pdf`;
		case 'tlv-besluit':
			return `${c.date} Besluit TLV ${c.fullName}.pdf`;
		case 'jk-aanvraag':
			return `${c.date} Aanvraagformulier Jonge Kind.pdf`;
		case 'jk-observatie':
			return `${c.date} Observatie peuterspeelzaal.pdf`;
		default:
			return `${c.date} ${titles[kind]}.pdf`;
	}
}

function sections(kind: DocumentKind, c: DocumentContext): PdfSection[] {
	const hij = c.geslacht === 'm' ? 'hij' : 'zij';
	const Hij = c.geslacht === 'm' ? 'Hij' : 'Zij';
	const zijn = c.geslacht === 'm' ? 'zijn' : 'haar';
	const hem = c.geslacht === 'm' ? 'hem' : 'haar';
	const n = c.roepnaam;
	switch (kind) {
		case 'groeidocument':
			return [
				{
					heading: 'Beeld van de leerling',
					paragraphs: [
						`${n} zit in groep ${c.groep} van ${c.schoolName}. ${Hij} gaat graag naar school, is behulpzaam in de klas en heeft een paar goede vrienden. De zorg van school en ouders gaat over ${c.focus}.`,
						`In de afgelopen periode heeft de leerkracht extra begeleiding gegeven in een kleine groep, drie keer per week twintig minuten. ${n} werkt dan geconcentreerd, maar in de grote groep lukt het ${hem} nog niet om het geleerde toe te passen.`
					]
				},
				{
					heading: 'Onderwijsbehoeften',
					paragraphs: [
						`${n} heeft baat bij korte, duidelijke instructie met een voorbeeld vooraf, een vaste plek dicht bij de leerkracht en een dagplanning op ${zijn} tafel.`,
						`${Hij} heeft een volwassene nodig die na de instructie even terugkomt om te kijken of ${hij} goed begonnen is, en complimenten voor inzet, niet alleen voor het resultaat.`
					]
				},
				{
					heading: 'Wat we al gedaan hebben',
					paragraphs: [
						'Verlengde instructie in de klas, inzet van de remedial teacher van het bestuur, twee gesprekken met ouders en een consultatie met de schoolcontactpersoon van het samenwerkingsverband.'
					]
				},
				{
					heading: 'Vraag aan het samenwerkingsverband',
					paragraphs: [
						`Wij vragen mee te denken over passende ondersteuning voor ${n} op het gebied van ${c.focus}, zodat ${hij} zich op ${zijn} eigen niveau verder kan ontwikkelen.`
					]
				}
			];
		case 'opp':
			return [
				{
					heading: 'Uitstroomperspectief',
					paragraphs: [
						`Op grond van de toetsgegevens en de ontwikkeling in de afgelopen twee schooljaren verwachten wij voor ${n} een uitstroom naar vmbo kader/basis. Dit perspectief evalueren wij twee keer per jaar met ouders.`
					]
				},
				{
					heading: 'Belemmerende en bevorderende factoren',
					paragraphs: [
						`Belemmerend: ${n} raakt snel overprikkeld in drukke situaties, heeft moeite met plannen en met ${c.focus}. Bij tegenslag haakt ${hij} af.`,
						`Bevorderend: ${n} is gemotiveerd als ${hij} succes ervaart, heeft een goede band met de leerkracht en ouders zijn nauw betrokken. Thuis wordt dagelijks samen gelezen.`
					]
				},
				{
					heading: 'Doelen voor deze periode',
					paragraphs: [
						`1. ${n} werkt vijftien minuten zelfstandig aan een taak met behulp van een stappenplan.`,
						`2. ${n} laat op ${c.focus} vooruitgang zien van minimaal een half niveau ten opzichte van de vorige meting.`,
						`3. ${n} vraagt op een passende manier om hulp als ${hij} vastloopt.`
					]
				},
				{
					heading: 'Aanpak en afspraken',
					paragraphs: [
						'Dagelijks verlengde instructie in een kleine groep, een vaste werkplek met koptelefoon, een time-timer en een beloningskaart die ook thuis wordt besproken.',
						'De intern begeleider bespreekt de voortgang elke zes weken met de leerkracht. Ouders worden na elke bespreking op de hoogte gebracht.',
						'Externe betrokkenen: schoolcontactpersoon van het samenwerkingsverband; jeugdhulp via het wijkteam is aangevraagd.'
					]
				},
				{
					heading: 'Evaluatie',
					paragraphs: [
						`De vorige doelen zijn deels gehaald. ${n} werkt beter zelfstandig, maar de achterstand op ${c.focus} is niet kleiner geworden. De school heeft de grenzen van de basisondersteuning bereikt.`
					]
				},
				{
					heading: 'Instemming ouders',
					paragraphs: [
						'Ouders zijn het eens met het handelingsdeel van dit OPP. Het ondertekende exemplaar is in de leerlingadministratie van de school opgenomen.'
					]
				}
			];
		case 'leesdossier':
			return [
				{
					heading: 'Toetsgegevens',
					paragraphs: [
						`Drie opeenvolgende metingen op technisch lezen en spellen liggen bij de laagste 10 procent. ${n} leest langzaam en radend; bij spellen verwisselt ${hij} klanken.`
					]
				},
				{
					heading: 'Extra ondersteuning',
					paragraphs: [
						'Twee perioden van twaalf weken intensieve leesbegeleiding, vier keer per week, volgens het protocol leesproblemen en dyslexie. De vooruitgang is gering.'
					]
				},
				{
					heading: 'Conclusie',
					paragraphs: [
						`Er is sprake van hardnekkigheid. De school vraagt een onderzoek naar ernstige enkelvoudige dyslexie (vergoede zorg) voor ${n}.`
					]
				}
			];
		case 'observatie':
			return [
				{
					heading: 'Aanleiding',
					paragraphs: [
						`Op verzoek van de intern begeleider heb ik ${n} geobserveerd tijdens een rekenles en de vrije speelmomenten. De vraag van school gaat over ${c.focus}.`
					]
				},
				{
					heading: 'Wat ik zag',
					paragraphs: [
						`Tijdens de instructie luistert ${n} de eerste minuten goed. Daarna kijkt ${hij} rond en begint ${hij} aan iets anders. Na een korte aanwijzing van de leerkracht pakt ${hij} de taak weer op.`,
						`Op het plein speelt ${n} vooral met twee vaste kinderen. Bij een conflict zoekt ${hij} de juf op. ${Hij} reageert goed op rustige, korte aanwijzingen.`
					]
				},
				{
					heading: 'Conclusie en advies',
					paragraphs: [
						`${n} heeft meer structuur en voorspelbaarheid nodig dan de klas nu biedt. Advies: een visueel dagprogramma, vaste momenten van terugkoppeling en een rustige werkplek.`,
						'Ik bespreek dit advies met de leerkracht en de intern begeleider en sluit aan bij het volgende oudergesprek.'
					]
				}
			];
		case 'mdo':
			return [
				{
					heading: 'Aanwezig',
					paragraphs: [
						'Ouders, de groepsleerkracht, de intern begeleider, de schoolcontactpersoon van het samenwerkingsverband en (op uitnodiging) de jeugdverpleegkundige.'
					]
				},
				{
					heading: 'Besproken',
					paragraphs: [
						`De ontwikkeling van ${n} op het gebied van ${c.focus}, de ondersteuning die de school al biedt en wat ouders thuis zien. Ouders herkennen het beeld van school.`
					]
				},
				{
					heading: 'Afspraken',
					paragraphs: [
						'De school vult het groeidocument aan met de laatste toetsgegevens. Het samenwerkingsverband beoordeelt daarna de aanvraag. Over zes weken is er een vervolgoverleg.'
					]
				}
			];
		case 'tlv-besluit':
			return [
				{
					heading: 'Besluit',
					paragraphs: [
						`Het samenwerkingsverband geeft voor ${c.fullName}, geboren op ${longDate(c.geboortedatum)}, een toelaatbaarheidsverklaring af voor het speciaal basisonderwijs.`,
						'De verklaring geldt tot en met 31 juli 2028. De deskundigen hebben het dossier beoordeeld en adviseren positief.'
					]
				},
				{
					heading: 'Bezwaar',
					paragraphs: [
						'Bent u het niet eens met dit besluit, dan kunt u binnen zes weken bezwaar maken bij het samenwerkingsverband. In het bezwaarschrift staat waarom u het niet eens bent met het besluit.'
					]
				}
			];
		case 'jk-aanvraag':
			return [
				{
					heading: 'Gegevens van het kind',
					paragraphs: [
						`${c.fullName}, geboren op ${longDate(c.geboortedatum)}. ${Hij} bezoekt de peuterspeelzaal vier dagdelen per week.`
					]
				},
				{
					heading: 'Vraag',
					paragraphs: [
						`Welke school en welke ondersteuning passen bij ${n} als ${hij} vier jaar wordt? Ouders en peuterspeelzaal maken zich zorgen over ${c.focus}.`
					]
				},
				{
					heading: 'Toestemming',
					paragraphs: [
						'Ouders geven toestemming om de gegevens van de peuterspeelzaal te delen met de Jonge Kind-specialist van het samenwerkingsverband en met de school van voorkeur. Dit formulier is door beide ouders ondertekend.'
					]
				}
			];
		case 'jk-observatie':
			return [
				{
					heading: 'Spel en contact',
					paragraphs: [
						`${n} speelt het liefst alleen in de bouwhoek. Contact met andere peuters komt nog weinig op gang; met een vaste leidster erbij lukt samenspel even.`
					]
				},
				{
					heading: 'Taal en communicatie',
					paragraphs: [
						`${n} gebruikt korte zinnen van twee tot drie woorden en wijst veel aan. ${Hij} begrijpt dagelijkse opdrachten als die met een gebaar worden ondersteund.`
					]
				},
				{
					heading: 'Wat helpt',
					paragraphs: [
						'Een vaste volgorde van de ochtend met dagritmekaarten, een rustig plekje om even bij te komen en korte opdrachten, één tegelijk.'
					]
				}
			];
		case 'onderwijsadvies':
			return [
				{
					heading: 'Advies',
					paragraphs: [
						`Op basis van de stukken van de peuterspeelzaal, het gesprek met ouders en de observatie adviseer ik voor ${n} een reguliere basisschool met extra ondersteuning in groep 1: een kleine instructiegroep en inzet van een onderwijsassistent in de eerste weken.`
					]
				},
				{
					heading: 'Overdracht',
					paragraphs: [
						`Voor de start is er een warme overdracht tussen peuterspeelzaal, ouders en de intern begeleider van de school. Daarbij komen ${c.focus} en wat helpt aan de orde.`
					]
				}
			];
	}
}

/** The file name and PDF content of one demo bijlage. */
export function demoDocument(kind: DocumentKind, c: DocumentContext): DemoDocument {
	const facts: [string, string][] = [
		['Naam', c.fullName],
		['Geboortedatum', longDate(c.geboortedatum)]
	];
	if (c.schoolName) facts.push(['School', `${c.schoolName}${c.groep ? `, groep ${c.groep}` : ''}`]);
	facts.push(
		['Datum', longDate(c.date)],
		['Opgesteld door', `${c.authorName}, ${c.authorFunction}`]
	);
	return {
		fileName: fileName(kind, c),
		spec: {
			title: `${titles[kind]} – ${c.fullName}`,
			facts,
			sections: sections(kind, c),
			author: c.authorName,
			date: c.dateTime
		}
	};
}
