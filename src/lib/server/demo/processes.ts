/**
 * The demo organisations' processes (domain.md): PPO Rotterdam's with the Ondersteuningsbudget
 * and TLV processes, Stromenland's with the Jonge Kind process. Processes are data:
 * beheerders change them in Beheer; this is only where the demo starts.
 *
 * A new hulpvraag starts in "Aanmelding": submitted, visible to the SWV. Only the processes
 * that ask the school to prepare first start voorlopig (Ondersteuningsbudget, the IJsselmonde
 * TLV); the school submits them itself. A school may also take a hulpvraag in Aanmelding back
 * to "Voorlopige aanmelding", e.g. for an overlegronde without the SWV.
 *
 * Statuses are shared by all titles, transitions are not per title: so a process whose steps
 * differ from the common ones has statuses of its own (an OB aanvraag that is incomplete
 * goes back to "OB aanvraag indienen", not to "Aanmelding"; the TLV statuses are numbered,
 * TLV_1_… meaning the school must act).
 */
import type { ProcessDef } from './process-defs';
import { rotterdam } from './process-rotterdam';
import { stromenland } from './process-stromenland';

export type { ProcessDef, StatusDef, TitelDef } from './process-defs';

export const processes: ProcessDef[] = [rotterdam, stromenland];
