/**
 * What the access policy decides on: the facts of a resource, loaded by the caller (for a
 * hulpvraag or dossier in `dossiers/facts.ts`, in the caller's transaction where it changes
 * data). `policy.ts` re-exports them.
 */
import type { Role } from '../../roles';

export interface StatusFacts {
	voorlopig: boolean;
	parentVisible: boolean;
	endsVoorschoolAccess: boolean;
	closesAttachments: boolean;
}

export interface HulpvraagFacts {
	type: 'hulpvraag';
	organisationId: string;
	/** The school that asked. */
	schoolId: string | null;
	/** Schools where the child has a school period that has not ended (see the header). */
	currentSchoolIds: readonly string[];
	status: StatusFacts;
	/** Parent addresses of the dossier. */
	parentEmails: readonly string[];
	/** Voorschoolse contactpersonen linked to this hulpvraag. */
	voorschoolAccountIds: readonly string[];
	/** Whether the hulpvraag has ever reached a status that ends voorschool access. */
	voorschoolAccessEnded: boolean;
	/**
	 * Participants of an overlegronde on this hulpvraag whose access has not ended. Only
	 * loaded where it matters (bijlagen); absent means none.
	 */
	overlegrondeViewerIds?: readonly string[];
}

export interface DossierFacts {
	type: 'dossier';
	organisationId: string;
	/** Schools where the child has a school period that has not ended (see the header). */
	schoolIds: readonly string[];
	parentEmails: readonly string[];
	/** Facts of the dossier's hulpvragen: SWV staff, parents and pre-schools see a dossier through them. */
	hulpvragen: readonly HulpvraagFacts[];
	createdBy: string | null;
}

export interface BijlageFacts {
	type: 'bijlage';
	hulpvraag: HulpvraagFacts;
	parentVisible: boolean;
	/** The school whose IB'er or directeur added it (for the hulpvraag's school); else null. */
	addedBySchoolId: string | null;
	/** The account that added it; unknown (absent) means nobody removes it as its uploader. */
	addedBy?: string | null;
}

export interface SchoolFacts {
	type: 'school';
	organisationId: string;
	schoolId: string;
}

export interface NoteFacts {
	type: 'note';
	organisationId: string;
	authorId: string;
}

export interface OrganisationFacts {
	type: 'organisation';
	organisationId: string;
}

export interface OverlegrondeFacts {
	type: 'overlegronde';
	organisationId: string;
	ownerId: string;
	hulpvraag: HulpvraagFacts;
	/** Participants not removed. */
	participantIds: readonly string[];
	/** Today (Europe/Amsterdam) is on or before einddatum inzage / einddatum reacties. */
	inzageOpen: boolean;
	reactiesOpen: boolean;
}

/** One section of a form on a hulpvraag, with who writes and reads it. */
export interface FormSectionFacts {
	type: 'form-section';
	hulpvraag: HulpvraagFacts;
	aanvragerId: string | null;
	coordinatorId: string | null;
	writers: FormAudience;
	readers: FormAudience;
	/** Accounts given write access to this section by name on the form. */
	grantedIds: readonly string[];
	grantable: boolean;
	shareableWithParents: boolean;
	sharedWithParents: boolean;
}

/** Who writes or reads a section by position: roles, the aanvrager, the coördinator. */
export interface FormAudience {
	roles: readonly Role[];
	aanvrager: boolean;
	coordinator: boolean;
}

export type Resource =
	| HulpvraagFacts
	| DossierFacts
	| BijlageFacts
	| NoteFacts
	| OrganisationFacts
	| OverlegrondeFacts
	| SchoolFacts
	| FormSectionFacts;
