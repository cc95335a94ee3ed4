/**
 * Common given names in the languages Cairn's tenants write in (English, German, French, Dutch,
 * Luxembourgish, Italian, Spanish, Portuguese, Polish) and frequent names of other origins.
 * A list, not a model: a given name followed by a capitalised word is the strongest cheap cue for
 * a person's name, and a name that is also a common word only counts with a surname or a greeting.
 */

const names = `
aaron adam adrian agnes aidan aisha alan albert alex alexander alexandra alexis alfred ali alice alicia
alison amanda amber amelia amy ana andrea andreas andrew andy angela anna anne annette annika anthony antoine
antonio arthur ashley audrey axel barbara beatrice ben benjamin bernard bernd beth bettina bianca birgit bob
brandon brian bridget bruno caitlin camille carl carla carlos carmen carol caroline catherine cathy cecile
céline celine charles charlotte chloe chloé chris christian christina christine christoph christopher claire
clara claude claudia colin connor craig cynthia dan daniel daniela danielle david deborah denis dennis diana
diane diego dieter dirk dominic dominik dominique donald doris dorothy douglas dylan edward eleanor elena elias
elisabeth elizabeth ella ellen élodie elodie emily emma emmanuel eric erik erika ethan eva evelyn fabian fabienne
felix fernando finn fiona florian francesca francis françois francois frank franz frédéric frederic gabriel
gabriele gabrielle gary george georg gerhard gert gilles giulia giuseppe gordon grace gregor gregory guillaume
günter gunter hannah hans harald harry hartmut heidi heike heinz helen helena helmut henri henry herbert hugo
ian ingrid inès ines irene isabel isabella isabelle ivan jack jacob jacqueline jacques james jan jana jane
janet janine jasmin jason javier jean jeanne jeff jennifer jens jeremy jérôme jerome jessica joan joanna joe
johann johanna john jonas jonathan jordi jörg jorg jose josé joseph josephine joshua juan judith julia julian
julie julien juliette jürgen jurgen justin karen karin karl kate katharina katherine kathrin katrin kevin klaus
kurt lara laura laurent lea léa lena leo leon léon lisa louis louise luc luca lucas lucie lucy luis lukas
luke lutz magdalena manfred manon manuel marc marcel marco margaret maria marie marina mario marion marius
markus martin martina mary matteo matthew matthias maureen maurice max maximilian megan melanie mélanie
michael michel michelle mike miriam monika monique nadine naomi natalie nathalie nathan nicholas nicolas
nicole niklas nina noah noemi norbert oliver olivia olivier oscar otto pascal patricia patrick paul paula
pauline peter petra philipp philippe pierre rachel rafael ralf ramon raphael raphaël rebecca regina renate
rené rene richard rita robert roberto robin roger roland ronald rosa ruth ryan sabine sabrina samuel sandra
sara sarah sebastian sébastien sebastien sergio simon simone sofia sophia sophie stefan stefanie stephan
stephanie stéphane stephane steve steven susan susanne sven sylvie tanja teresa theo thierry thomas tim
timo tobias tom tony torsten ulrich ulrike ursula valentin valerie valérie vanessa véronique veronique victor
victoria vincent virginie walter werner william wolfgang yann yannick yvonne zoe zoé
abigail alfie archie ava daisy dorothea elsie evie freya harriet imogen isla jessie lily millie molly poppy
rosie ruby scarlett sienna tilly zara aoife ciara niamh saoirse sean seán siobhan liam oisin eoin
ahmed amir fatima hassan ibrahim karim leila mohammed mohamed omar rania samir sana yasmin youssef
aditya amit anil anjali arjun deepak divya kavya lakshmi neha nisha pooja priya rahul raj rajesh ravi
rohan sanjay sunita vikram wei li ming jun hui xin yan mei lin chen kenji yuki haruto sakura hiroshi
aleksander agnieszka katarzyna krzysztof małgorzata piotr tomasz wojciech zofia ewa marek pavel
daan sanne bram sem ruben jesse lotte fleur femke anouk thijs joris lieke maarten pieter wouter
joao joão pedro rui tiago ines beatriz mariana gonçalo
xavier yves gaston gérard gerard odile ginette marcelle thérèse therese arnaud benoît benoit cédric cedric
damien didier fabrice florent grégoire gregoire hervé herve jérémy jeremy loïc loic ludovic mathieu maxime
mickaël nicolaas noël noel quentin rémi remi romain sylvain thibault yohann adèle adele agathe amandine
anaïs anais aurélie aurelie brigitte capucine chantal colette delphine émilie emilie estelle francine
geneviève genevieve hélène helene jocelyne laetitia léonie leonie lucienne margaux marine mathilde
maëlle maelle nadia océane oceane perrine romane solène solene sylviane
jos jhemp gusty fernand marcel nico roby carine mireille josiane
ute uwe volker jochen detlef holger rainer rüdiger rudiger gisela hildegard ilse inge irmgard jutta
anja anke antje astrid bärbel barbel britta carina carsten christa claudius conny doreen elke frauke gabi gudrun hannelore heidrun hendrik jannik jan-peter jessika kai kathleen katja konstantin leonie lennart lina mareike maik marco marvin mia mila nele pia ralph reinhard rolf sabina silke svenja thorsten tim tina udo vera wilhelm yannik
kerstin manuela marlene nicola sonja tatjana heiko horst ingo joachim lars malte nils olaf oskar till
`;

/** Given names that are also ordinary words: accepted only with a surname or a greeting. */
export const ambiguousGivenNames = new Set(
  "april august bill grace hope ivy joy june may mark max rose will frank nico ben art carol dean don gene jack mike ray rich sky summer".split(
    " ",
  ),
);

export const givenNames: ReadonlySet<string> = new Set(names.split(/\s+/).filter(Boolean));
