// The sitemap source's reading: sitemaps and indexes (and what is refused), JSON-LD found in HTML or
// served as JSON, and a LearningResource mapped to the notice fields through the vocabularies.
import { describe, expect, it } from 'vitest';
import { OaiError } from './harvest-errors.js';
import { fieldsOfLearningResource, learningResourcesIn, readSitemap } from './sitemap-source.js';

const CONCEPT = 'http://data.education.fr/voc/scolomfr/concept/';
const urlset = (body: string) =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${body}</urlset>`,
  );

function refusal(run: () => unknown): OaiError {
  try {
    run();
  } catch (error) {
    if (error instanceof OaiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('readSitemap', () => {
  it('lists pages with their lastmod, and skips locations that are not web addresses', () => {
    const read = readSitemap(
      urlset(
        '<url><loc>https://oer.example/a</loc><lastmod>2026-11-30</lastmod></url>' +
          '<url><loc> https://oer.example/b </loc></url><url><loc>javascript:alert(1)</loc></url>',
      ),
    );
    expect(read).toEqual({
      entries: [
        { loc: 'https://oer.example/a', lastmod: '2026-11-30' },
        { loc: 'https://oer.example/b', lastmod: null },
      ],
      sitemaps: [],
    });
  });

  it('reads an index as the list of its sitemaps', () => {
    const read = readSitemap(
      Buffer.from(
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://oer.example/s1.xml</loc></sitemap></sitemapindex>',
      ),
    );
    expect(read).toEqual({ entries: [], sitemaps: ['https://oer.example/s1.xml'] });
  });

  it('refuses HTML, a DOCTYPE (XXE, billion laughs), malformed XML and other documents, each saying why', () => {
    expect(refusal(() => readSitemap(Buffer.from('<!doctype html><html></html>'))).kind).toBe('html');
    const bomb =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;">]>' +
      '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&lol2;</loc></url></urlset>';
    expect(refusal(() => readSitemap(Buffer.from(bomb))).kind).toBe('doctype');
    const malformed = refusal(() => readSitemap(urlset('<url><loc>https://oer.example/a</url>')));
    expect(malformed.kind).toBe('malformed');
    expect(malformed.message).toMatch(/mal formé \(ligne 1/);
    const other = refusal(() => readSitemap(Buffer.from('<rss version="2.0"><channel/></rss>')));
    expect(other.kind).toBe('not-oai');
    expect(other.message).toContain('n’est pas un sitemap');
  });
});

describe('learningResourcesIn', () => {
  const resource = { '@context': 'https://schema.org', '@type': 'LearningResource', name: 'Volcans' };

  it('finds LearningResource nodes in the JSON-LD scripts of an HTML page, @graph and arrays included', () => {
    const html = `<!doctype html><html><head>
      <script type="application/ld+json">${JSON.stringify(resource)}</script>
      <script type="application/ld+json">{"@graph":[{"@type":"WebPage"},{"@type":["CreativeWork","LearningResource"],"name":"Séismes"}]}</script>
      <script type="application/ld+json">{ not json </script>
      <script>var x = {"@type":"LearningResource","name":"pas du JSON-LD"};</script>
    </head><body></body></html>`;
    expect(learningResourcesIn(html, 'text/html').map((node) => node.name)).toEqual(['Volcans', 'Séismes']);
  });

  it('reads a page served as JSON-LD, and gives nothing for a page without a LearningResource', () => {
    expect(learningResourcesIn(JSON.stringify([resource]), 'application/ld+json')).toHaveLength(1);
    expect(learningResourcesIn('<html><body>Bonjour</body></html>', 'text/html')).toEqual([]);
  });
});

describe('fieldsOfLearningResource', () => {
  it('maps names, terms, licence, cost and dates, keeping vocabulary terms it knows and the rest as keywords', () => {
    const reading = fieldsOfLearningResource(
      {
        '@type': 'LearningResource',
        '@id': 'https://oer.example/ressources/volcans',
        name: [
          { '@language': 'en', '@value': 'Volcanoes' },
          { '@language': 'fr', '@value': 'Les volcans' },
        ],
        description: { en: 'About volcanoes', fr: 'Une séquence sur les volcans' },
        keywords: 'géologie, séismes',
        inLanguage: ['fr-FR'],
        educationalLevel: [
          { '@type': 'DefinedTerm', name: 'CM1' },
          { '@type': 'DefinedTerm', name: 'Bachelor' },
        ],
        about: [{ id: `${CONCEPT}scolomfr-voc-015-num-054`, prefLabel: { fr: 'mathématiques' } }],
        learningResourceType: 'simulation',
        license: { id: 'https://creativecommons.org/licenses/by-sa/4.0/' },
        isAccessibleForFree: true,
        dateModified: '2026-10-02T08:00:00Z',
        publisher: { '@type': 'Organization', name: 'Réseau Canopé' },
      },
      'https://oer.example/ressources/volcans.html',
    );
    expect(reading.errors).toEqual([]);
    const fields = reading.fields!;
    expect(fields).toMatchObject({
      identifier: 'https://oer.example/ressources/volcans',
      title: 'Les volcans',
      description: 'Une séquence sur les volcans',
      languages: ['fr'],
      licence: 'cc-by-sa',
      cost: 'no',
      updatedOn: '2026-10-02',
      publisherName: 'Réseau Canopé',
      // The node's own address (@id) is where it is seen; the page's address only stands in without one.
      demoUrl: 'https://oer.example/ressources/volcans',
    });
    expect(fields.levels).toEqual([`${CONCEPT}scolomfr-voc-022-num-014`]);
    // A concept URI the catalogue curates is kept as it is.
    expect(fields.disciplines).toEqual([`${CONCEPT}scolomfr-voc-015-num-054`]);
    expect(fields.types).toHaveLength(1);
    expect(fields.keywords).toEqual(['géologie', 'séismes', 'Bachelor']);
  });

  it('refuses a resource without a name, with the schema’s located message', () => {
    const reading = fieldsOfLearningResource({ '@type': 'LearningResource' }, 'https://oer.example/x');
    expect(reading.fields).toBeUndefined();
    expect(reading.errors[0]).toMatchObject({ path: '/title', message: 'La notice doit avoir un titre.' });
  });

  it('keeps script in a name as text for the page to escape, and refuses a non-web demo address', () => {
    const reading = fieldsOfLearningResource(
      { '@type': 'LearningResource', name: '<script>alert(1)</script>', url: 'javascript:alert(1)' },
      'https://oer.example/y',
    );
    expect(reading.fields?.title).toBe('<script>alert(1)</script>');
    // A non-web url is ignored: the page's own address stands for the resource.
    expect(reading.fields?.demoUrl).toBe('https://oer.example/y');
  });
});
