/**
 * Hand-written names and things of a small design-and-build company, used to fill the
 * benchmark's templates. Written independently of kernel/dedup/vocabulary.ts.
 */

export const tenants = ["brightbuild", "oak-and-stone", "northside-design"] as const;

export const clients = [
  "the Hendersons",
  "Mrs Okafor",
  "Dev Patel",
  "Anna Lindqvist",
  "Claire Moreau",
  "Kenji Nakamura",
  "Sean O'Brien",
  "the Kowalskis",
  "Tunde Abara",
  "Fitzgerald & Sons",
  "Mei Chen",
  "Luc Dubois",
  "Greenway Dental",
  "Harbour Café",
  "the Sutherlands",
  "Rosa Martinez",
] as const;

export const projects = [
  "kitchen extension",
  "loft conversion",
  "garden studio",
  "bathroom refit",
  "shopfront redesign",
  "office fit-out",
  "basement conversion",
  "rear extension",
  "roof terrace",
  "reception refurbishment",
] as const;

export const addresses = [
  "14 Elm Road",
  "3 Mill Lane",
  "27 Harbour Street",
  "8 Quarry Close",
  "51 Station Road",
  "2 Abbey Mews",
  "119 Kingsway",
  "6 Tannery Yard",
  "40 Castle Hill",
  "17 Ropewalk",
] as const;

export const suppliers = [
  "Jewson",
  "Travis Perkins",
  "Selco",
  "Northern Timber",
  "Fenwick Glass",
  "Brick & Block Ltd",
  "Castle Electrical",
  "Parkside Plumbing Supplies",
] as const;

export const materials = [
  "plasterboard",
  "C24 timber joists",
  "engineering bricks",
  "roof insulation",
  "bifold doors",
  "kitchen worktops",
  "copper pipe",
  "floor screed",
  "steel lintels",
  "oak flooring",
] as const;

export const staff = ["Sam", "Priya", "Tomasz", "Grace", "Ollie", "Nadia", "Marcus", "Jen"] as const;

export const certificates = [
  "CSCS card",
  "first aid certificate",
  "IPAF licence",
  "asbestos awareness certificate",
  "PASMA card",
  "gas safe registration",
] as const;

export const bugs = [
  "contact form returns a server error",
  "portfolio images fail to load on mobile",
  "client portal login loops back to the sign-in page",
  "quote PDF download is blank",
  "gallery page is very slow",
  "newsletter signup sends no confirmation email",
  "project timeline shows the wrong dates",
] as const;

export const apps = ["website", "client portal", "quote builder"] as const;

export const topics = [
  "change to the kitchen layout",
  "delayed window delivery",
  "planning permission decision",
  "extra cost for the steel beam",
  "choice of floor tiles",
  "start date for the build",
  "snagging list",
] as const;

export const trades = ["electrician", "plumber", "plasterer", "roofer", "tiler", "joiner"] as const;

export const newsItems = [
  [
    "HSE publishes new guidance on working at height",
    "HSE has published updated guidance for work at height",
  ],
  ["Timber prices rise for the third month running", "Timber prices up again for a third consecutive month"],
  [
    "Building Regulations Part L changes take effect",
    "Part L of the Building Regulations: changes now in force",
  ],
  [
    "Council opens consultation on the conservation area",
    "Conservation area consultation opened by the council",
  ],
  ["Steel shortage delays deliveries across the region", "Regional steel deliveries delayed by a shortage"],
  ["New grant scheme for heat pump installations", "Heat pump installations get a new grant scheme"],
  ["Plasterboard manufacturer announces price freeze", "Price freeze announced by plasterboard manufacturer"],
  ["Storm warning issued for the weekend", "Weekend storm warning issued by the Met Office"],
] as const;
