// "Proposer pour mon établissement": the teacher's button for the resource page. A plain POST form,
// so it works without JavaScript; the server answers with a redirect to the establishment's cart page.
export interface ProposeButtonProps {
  resourceId: number;
  /** Establishments where the signed-in user may propose (teacher, referent, librarian or head). */
  establishments: { uai: string; name: string }[];
  csrfToken: string;
}

export function ProposeButton({ resourceId, establishments, csrfToken }: ProposeButtonProps) {
  if (establishments.length === 0) return null;
  return (
    <div class="ccr-propose fr-mb-3w">
      {establishments.map((establishment) => (
        <form method="post" action={`/etablissements/${establishment.uai}/propositions`}>
          <input type="hidden" name="_csrf" value={csrfToken} />
          <input type="hidden" name="resource" value={String(resourceId)} />
          <button type="submit" class="fr-btn fr-btn--secondary fr-btn--icon-left fr-icon-add-line">
            {establishments.length === 1
              ? 'Proposer pour mon établissement'
              : `Proposer pour ${establishment.name}`}
          </button>
        </form>
      ))}
    </div>
  );
}
