/**
 * The form a word is looked up by: lower case, accents removed, "ß" as "ss". The build script
 * and the embedding use this one function, so a word is found however it was typed.
 * @example wordKey("Société") // "societe"
 */
export function wordKey(word: string): string {
  return word
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/ß/g, "ss");
}
