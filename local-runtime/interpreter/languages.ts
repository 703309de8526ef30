import type { QueryLanguageName } from './asl';
import { jsonata } from './jsonata';
import { jsonPath } from './jsonpath';
import type { QueryLanguage } from './query-language';

/** The query languages, by the name `QueryLanguage` gives them. */
export const queryLanguages: Readonly<Record<QueryLanguageName, QueryLanguage>> = {
  JSONPath: jsonPath,
  JSONata: jsonata,
};
