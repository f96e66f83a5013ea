// Reads PostgreSQL's text form of a tsvector ('energ':2A,5 'solair':3B), which is about twenty times
// cheaper for the server to send than splitting the vector by weight in SQL (measured: 3 ms against
// 56 ms per 5,000 resources). Only the best weight of each lexeme matters to the index.

export interface WeightedLexemes {
  /** Lexemes with an A position (title). */
  a: string[];
  /** Lexemes whose best position is B (keywords and labels). */
  b: string[];
  /** Every lexeme, whatever its weight. */
  all: string[];
}

/**
 * Parses `'lexeme':positions` entries. Inside quotes a quote is doubled and a backslash escapes the
 * next character; positions are numbers with an optional weight letter (none means D).
 */
export function parseTsvectorText(text: string): WeightedLexemes {
  const result: WeightedLexemes = { a: [], b: [], all: [] };
  let i = 0;
  while (i < text.length) {
    if (text[i] !== "'") {
      i++;
      continue;
    }
    let lexeme = '';
    i++;
    for (; i < text.length; i++) {
      const character = text[i]!;
      if (character === '\\') {
        lexeme += text[++i] ?? '';
      } else if (character === "'") {
        if (text[i + 1] === "'") {
          lexeme += "'";
          i++;
        } else break;
      } else lexeme += character;
    }
    i++; // closing quote
    let best = 'D';
    if (text[i] === ':') {
      for (i++; i < text.length && text[i] !== ' '; i++) {
        const character = text[i]!;
        if (character >= 'A' && character <= 'D' && character < best) best = character;
      }
    }
    result.all.push(lexeme);
    if (best === 'A') result.a.push(lexeme);
    else if (best === 'B') result.b.push(lexeme);
  }
  return result;
}
