// The DSFR breadcrumb: where a page sits in its workspace (the last item is the current page).
export function Breadcrumb({ items }: { items: { label: string; href?: string }[] }) {
  return (
    <nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
      <ol class="fr-breadcrumb__list">
        {items.map((item) => (
          <li>
            {item.href ? (
              <a class="fr-breadcrumb__link" href={item.href}>
                {item.label}
              </a>
            ) : (
              <a class="fr-breadcrumb__link" aria-current="page">
                {item.label}
              </a>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
