/**
 * German and French words of everyday office and trade work, each mapped to the English word
 * whose vector stands for it. The shipped vectors are English (GloVe, trained on English text),
 * so a German "Rechnung" would otherwise be an unknown word; borrowing the vector of "invoice"
 * puts it where an English reader would. Written by hand from general business German and French
 * (not from any benchmark); keys are lower case without accents, as `wordKey` produces them.
 * A word missing here falls back to its hashed vector, which still matches itself exactly.
 */
const pairs = `
rechnung invoice|rechnungen invoices|facture invoice|factures invoices|angebot quote|angebote quotes|
devis quote|kostenvoranschlag estimate|auftrag order|bestellung order|commande order|bestellen order|
commander order|vertrag contract|vertrage contracts|contrat contract|zahlung payment|paiement payment|
zahlen pay|bezahlen pay|payer pay|bezahlt paid|unbezahlt unpaid|offen outstanding|offene outstanding|
offenen outstanding|impaye unpaid|impayee unpaid|faellig due|fallig due|echeance deadline|frist deadline|
mahnung reminder|erinnerung reminder|erinnern remind|rappel reminder|relance reminder|relancer chase|
nachhaken chase|anrufen call|rufen call|telefonieren call|telefonisch phone|appeler call|telephoner call|
anruf call|appel call|schicken send|senden send|versenden send|envoyer send|schreiben write|ecrire write|
anschreiben write|termin appointment|termine appointments|besprechung meeting|
sitzung meeting|reunion meeting|treffen meeting|vereinbaren arrange|ausmachen arrange|planen plan|
planifier plan|organiser organise|buchen book|reserver book|absagen cancel|annuler cancel|
verschieben postpone|reporter postpone|kunde client|kunden clients|client client|kundin client|
lieferant supplier|fournisseur supplier|lieferung delivery|livraison delivery|liefern deliver|
livrer deliver|gutschrift credit|avoir credit|erstattung refund|rembourser refund|remboursement refund|
kaution deposit|anzahlung deposit|acompte deposit|betrag amount|montant amount|preis price|prix price|
kosten costs|cout cost|steuer tax|impot tax|steuererklarung return|mwst vat|tva vat|lohn salary|
gehalt salary|salaire salary|lohnabrechnung payroll|paie payroll|konto account|compte account|
bank bank|banque bank|bericht report|unterlagen documents|dokument document|
document document|datei file|fichier file|lettre letter|nachricht message|message message|
reparieren repair|reparer repair|reparatur repair|reparation repair|defekt broken|kaputt broken|
panne breakdown|drucker printer|imprimante printer|rechner computer|ordinateur computer|
laptop laptop|passwort password|server server|serveur server|netzwerk network|
reseau network|mitarbeiter staff|personnel staff|equipe team|
leiter manager|projekt project|projet project|baustelle site|chantier site|kuche kitchen|cuisine kitchen|
buro office|bureau office|entrepot warehouse|montag monday|lundi monday|
dienstag tuesday|mardi tuesday|mittwoch wednesday|mercredi wednesday|donnerstag thursday|
jeudi thursday|freitag friday|vendredi friday|samstag saturday|samedi saturday|sonntag sunday|
dimanche sunday|heute today|aujourd today|morgen tomorrow|demain tomorrow|woche week|semaine week|
monat month|mois month|januar january|janvier january|februar february|fevrier february|marz march|
april april|avril april|juni june|juin june|juli july|juillet july|august august|
aout august|september september|septembre september|oktober october|octobre october|
november november|novembre november|dezember december|decembre december|dringend urgent|
urgent urgent|bitte please|merci thanks|danke thanks|pruefen check|prufen check|verifier check|
kontrollieren check|uberprufen review|aktualisieren update|andern change|changer change|
schicht shift|dienst shift|gast guest|gaste guests|hochzeit wedding|mariage wedding|feier party|
fete party|menu menu|speisekarte menu|essen food|nourriture food|lieferschein delivery|
quittung receipt|recu receipt|beleg receipt|mieter tenant|locataire tenant|miete rent|loyer rent|
besuch visit|visite visit|besichtigung inspection|inspektion inspection|wartung maintenance|
entretien maintenance|frau mrs|herr mr|herrn mr|madame mrs|monsieur mr|societe company|firma company|
entreprise company|gmbh company
`;

/** German or French word → the English word whose vector it borrows. */
export const translatedWords: ReadonlyMap<string, string> = new Map(
  pairs
    .split("|")
    .map((pair) => pair.trim().split(/\s+/))
    .filter((pair): pair is [string, string] => pair.length === 2 && pair[0] !== pair[1]),
);
