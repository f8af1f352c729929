/**
 * Everything an actor may ask the policy about (`may(actor, action, resource)`). `policy.ts`
 * re-exports it; the rules are in the policy's header and in the files it delegates to.
 */
export type Action =
	| 'view'
	| 'edit'
	| 'create-dossier'
	| 'create-hulpvraag'
	| 'change-status'
	| 'approve'
	| 'add-attachment'
	/** Remove a bijlage (soft removal, see the header). */
	| 'remove'
	| 'add-note'
	/** Link or unlink a voorschoolse contactpersoon (Jonge Kind): SWV staff. */
	| 'link-voorschool'
	| 'manage-accounts'
	| 'manage-processes'
	/** See the periodic jobs of the cluster (Beheer → Taken) and start one now. */
	| 'manage-jobs'
	/** Start an overlegronde on a hulpvraag; edit its dates and participants. */
	| 'manage-overlegronde'
	/** React in an overlegronde. */
	| 'react'
	/** Hand all open hulpvragen of a school from one aanvrager to another. */
	| 'handover-aanvragers'
	/** Attach a form to a hulpvraag, or take one off that nobody has filled. */
	| 'attach-form'
	/** Keep the organisation's form templates (Beheer → Formulieren). */
	| 'manage-forms'
	/** Write the answers of a form section, and give its approval or signature. */
	| 'fill'
	/** Give an account write access to a form section by name. */
	| 'grant-form'
	/** Share a form section with the child's parents. */
	| 'share-form'
	/** Add or edit the aanpak or the TLV of a hulpvraag, archive a TLV. */
	| 'record-arrangement'
	/** Send a hulpvraag from the school's own system (intake) for this school. */
	| 'receive-intake'
	/** Keep the verificatiecodes of the school systems (Beheer → Scholen → Koppeling). */
	| 'manage-koppelingen'
	/** Give a hulpvraag that arrived with an unknown title its real title. */
	| 'choose-title'
	/** Anonymise a hulpvraag or a dossier (AVG); cannot be undone. */
	| 'anonymise'
	/** See the kengetallen of the organisation, over the hulpvragen `kengetallenScope` gives. */
	| 'view-kengetallen';
