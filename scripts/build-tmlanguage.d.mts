/** Types of scripts/build-tmlanguage.mjs, for the test that checks the committed grammar is current. */
export declare const OUTPUT: string;
export declare function grammarWords(grammarText: string): {
  declarations: string[];
  mutations: string[];
  assertions: string[];
  outcomes: string[];
  keywords: string[];
};
export declare function buildTmLanguage(grammarText: string, words: { causes: readonly string[]; vias: readonly string[] }): string;
