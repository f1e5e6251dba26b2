//! Word lists for plausible, clearly fictional seeded data (no real people or companies).

/// Given names.
pub const FIRST_NAMES: &[&str] = &[
    "Avery", "Jordan", "Morgan", "Riley", "Casey", "Dana", "Jamie", "Taylor", "Quinn", "Reese",
    "Harper", "Logan", "Parker", "Rowan", "Skyler", "Emerson", "Finley", "Hayden", "Kendall",
    "Marisol", "Priya", "Tomas", "Ingrid", "Malik", "Noor", "Elena", "Desmond", "Colette",
    "Anders", "Beatriz", "Kwame", "Lucia", "Mateo", "Naomi", "Oskar", "Renata", "Soren", "Talia",
    "Wendell", "Yusuf",
];

/// Family names.
pub const LAST_NAMES: &[&str] = &[
    "Whitfield",
    "Okafor",
    "Lindqvist",
    "Marchetti",
    "Delacroix",
    "Haverford",
    "Nakamura",
    "Castellanos",
    "Brennan",
    "Abernathy",
    "Kowalski",
    "Fairbanks",
    "Ostrander",
    "Pemberton",
    "Quintero",
    "Rasmussen",
    "Sorensen",
    "Thibodeaux",
    "Underhill",
    "Vasquez",
    "Wexler",
    "Yamamoto",
    "Zielinski",
    "Ashworth",
    "Bellamy",
    "Calloway",
    "Dunmore",
    "Ellery",
    "Galloway",
    "Hollister",
    "Iverson",
    "Jankowski",
    "Kingsley",
    "Lockhart",
    "Merriweather",
    "Northcott",
    "Prescott",
    "Redmond",
    "Stanhope",
    "Tolliver",
];

/// First words of organisation names.
pub const ORG_PREFIXES: &[&str] = &[
    "Riverside",
    "Summit",
    "Lakeview",
    "Northgate",
    "Blue Ridge",
    "Harborview",
    "Cedar Point",
    "Ironwood",
    "Maple Grove",
    "Pinecrest",
    "Silver Creek",
    "Eastfield",
    "Granite Falls",
    "Redstone",
    "Westbrook",
    "Oak Hollow",
    "Prairie Wind",
    "Stonebridge",
    "Sunrise",
    "Bayshore",
    "Fox Run",
    "Highland",
    "Willowdale",
    "Copper Canyon",
    "Meadowbrook",
    "Brightwater",
    "Clearwater",
    "Timberline",
    "Crescent",
    "Juniper",
];

/// Last words of organisation names.
pub const ORG_SUFFIXES: &[&str] = &[
    "Dental Group",
    "Brewing Co.",
    "High School Athletics",
    "Credit Union",
    "Realty",
    "Family Medicine",
    "Construction",
    "Veterinary Clinic",
    "Rotary Club",
    "Half Marathon",
    "Community Church",
    "Landscaping",
    "Insurance Agency",
    "Youth Soccer League",
    "Law Offices",
    "Fitness Center",
    "Auto Group",
    "Coffee Roasters",
    "Elementary PTA",
    "Engineering",
];

/// The twelve client groups (one company or organisation each).
pub const CLIENT_GROUPS: &[&str] = &[
    "Riverside Health System",
    "Summit Brewing Company",
    "Lakeview Unified School District",
    "Northgate Credit Union",
    "Blue Ridge Outfitters",
    "Harborview Hospitality Group",
    "Cedar Point Engineering",
    "Ironwood Construction",
    "Maple Grove Parks & Recreation",
    "Pinecrest University",
    "Silver Creek Realty Partners",
    "Eastfield Animal Hospitals",
];

/// (city, state, zip prefix) in the United States.
pub const US_CITIES: &[(&str, &str, &str)] = &[
    ("Columbus", "OH", "432"),
    ("Indianapolis", "IN", "462"),
    ("Nashville", "TN", "372"),
    ("Raleigh", "NC", "276"),
    ("Richmond", "VA", "232"),
    ("Madison", "WI", "537"),
    ("Boise", "ID", "837"),
    ("Albany", "NY", "122"),
    ("Harrisburg", "PA", "171"),
    ("Tampa", "FL", "336"),
    ("Austin", "TX", "787"),
    ("Denver", "CO", "802"),
    ("Portland", "OR", "972"),
    ("Sacramento", "CA", "958"),
    ("Phoenix", "AZ", "850"),
    ("Omaha", "NE", "681"),
    ("Louisville", "KY", "402"),
    ("Providence", "RI", "029"),
    ("Burlington", "VT", "054"),
    ("Savannah", "GA", "314"),
    ("Minneapolis", "MN", "554"),
    ("Kansas City", "MO", "641"),
];

/// (city, province, postal code) in Canada, for the occasional cross-border address.
pub const CA_CITIES: &[(&str, &str, &str)] = &[
    ("Toronto", "ON", "M5V 2T6"),
    ("Ottawa", "ON", "K1P 5J9"),
    ("Calgary", "AB", "T2P 1J9"),
];

/// Street names.
pub const STREETS: &[&str] = &[
    "Main St",
    "Oak Ave",
    "Commerce Dr",
    "Industrial Pkwy",
    "Market St",
    "Elm St",
    "Lakeshore Blvd",
    "Center Rd",
    "Park Ave",
    "Mill Rd",
    "Washington St",
    "Cherry Ln",
    "Enterprise Way",
    "Harbor Dr",
    "Ridge Rd",
    "Willow Ct",
];

/// Sales reps: (name, e-mail). Reads expose names, writes take e-mails.
pub const REPS: &[(&str, &str)] = &[
    ("Dana Whitfield", "dana.whitfield@pacer-promo.example"),
    ("Marcus Bellamy", "marcus.bellamy@pacer-promo.example"),
    ("Priya Natarajan", "priya.natarajan@pacer-promo.example"),
    ("Tomas Lindqvist", "tomas.lindqvist@pacer-promo.example"),
    ("Colette Ashworth", "colette.ashworth@pacer-promo.example"),
    ("Wendell Kingsley", "wendell.kingsley@pacer-promo.example"),
    ("Renata Quintero", "renata.quintero@pacer-promo.example"),
    ("Oskar Pemberton", "oskar.pemberton@pacer-promo.example"),
];

/// Customer-service reps (names only).
pub const CSRS: &[&str] = &[
    "Hayden Brennan",
    "Naomi Galloway",
    "Soren Redmond",
    "Lucia Tolliver",
];

/// (name, type, class) of suppliers; the index + 1 is the supplier id.
pub const SUPPLIERS: &[(&str, &str, &str)] = &[
    ("Atlas Apparel Supply", "Supplier", "Apparel"),
    ("Northstar Blanks", "Supplier", "Apparel"),
    ("Harbor Headwear", "Supplier", "Apparel"),
    ("Keystone Knitwear", "Supplier", "Apparel"),
    ("Pioneer Performance Wear", "Supplier", "Apparel"),
    ("Meridian Outerwear", "Supplier", "Apparel"),
    ("Bluewater Drinkware", "Supplier", "Hard Goods"),
    ("Cascade Ceramics", "Supplier", "Hard Goods"),
    ("Inkwell Writing Instruments", "Supplier", "Hard Goods"),
    ("Carryall Bag Works", "Supplier", "Hard Goods"),
    ("Voltline Tech Promos", "Supplier", "Hard Goods"),
    ("Paperleaf Journals", "Supplier", "Hard Goods"),
    ("Fairway Golf Promotions", "Supplier", "Hard Goods"),
    ("Hearthside Blankets", "Supplier", "Hard Goods"),
    ("Crystal Peak Awards", "Supplier", "Hard Goods"),
    ("Lanyard Loft", "Supplier", "Hard Goods"),
    ("Precision Screen Printing", "Decorator", "Decorator"),
    ("Stitchworks Embroidery", "Decorator", "Decorator"),
    ("Laser Edge Engraving", "Decorator", "Decorator"),
    ("Transfer Express Lab", "Decorator", "Decorator"),
    (
        "In-House Screen Print Dept",
        "Decorator",
        "In House Production",
    ),
    (
        "In-House Embroidery Dept",
        "Decorator",
        "In House Production",
    ),
    ("Evergreen Promotional Products", "Supplier", "Hard Goods"),
    ("Redline Sportswear", "Supplier", "Apparel"),
    ("Summit Cap Company", "Supplier", "Apparel"),
    ("Tidewater Totes", "Supplier", "Hard Goods"),
    ("Beacon Signs & Banners", "Supplier", "Hard Goods"),
    ("Granite State Glassware", "Supplier", "Hard Goods"),
    ("Orchard Eco Goods", "Supplier", "Hard Goods"),
    ("Quarry Stone Coasters", "Supplier", "Hard Goods"),
    ("Velocity Bottles", "Supplier", "Hard Goods"),
    ("Westwind Jackets", "Supplier", "Apparel"),
    ("Brightside Umbrellas", "Supplier", "Hard Goods"),
    ("Copperleaf Notebooks", "Supplier", "Hard Goods"),
    ("Trailhead Backpacks", "Supplier", "Hard Goods"),
    ("Lumen Flashlights", "Supplier", "Hard Goods"),
    ("Heritage Patch Co.", "Decorator", "Decorator"),
    ("Nimbus Socks", "Supplier", "Apparel"),
    ("Oakmont Leather Goods", "Supplier", "Hard Goods"),
    ("Coastal Freight Consolidators", "Freight", "Services"),
];

/// Product indices (id = index + 1).
pub const PRODUCT_INDICES: &[&str] = &[
    "Apparel",
    "Headwear",
    "Drinkware",
    "Bags",
    "Writing Instruments",
    "Technology",
    "Office & Desk",
    "Outdoor & Leisure",
    "Awards & Recognition",
];

/// Payment terms: (name, days).
pub const PAYMENT_TERMS: &[(&str, i64)] = &[
    ("Due on Receipt", 0),
    ("Prepaid", 0),
    ("Net 10", 10),
    ("Net 15", 15),
    ("Net 30", 30),
    ("Net 45", 45),
    ("Net 60", 60),
];

/// Commission codes: (name, code, type).
pub const COMMISSION_CODES: &[(&str, &str, &str)] = &[
    ("Standard Dropship", "DS-STD", "Dropship"),
    ("House Account Dropship", "DS-HOUSE", "Dropship"),
    ("Split 50/50 Dropship", "DS-SPLIT", "Dropship"),
    ("New Business Dropship", "DS-NEW", "Dropship"),
    ("Store Standard", "ST-STD", "Store"),
    ("Store House", "ST-HOUSE", "Store"),
    ("Store Split", "ST-SPLIT", "Store"),
    ("Store Launch", "ST-LAUNCH", "Store"),
];

/// Credit-card types.
pub const CARD_TYPES: &[&str] = &[
    "Visa",
    "Mastercard",
    "American Express",
    "Discover",
    "Diners Club",
];

/// Payment types; "Credit Card" payments carry a card type.
pub const PAYMENT_TYPES: &[&str] = &[
    "Check",
    "Credit Card",
    "ACH",
    "Wire Transfer",
    "Cash",
    "PayPal",
];

/// Adjustment types.
pub const ADJUSTMENT_TYPES: &[&str] = &[
    "Bad Debt",
    "Credit Card Surcharge",
    "Early Payment Discount",
    "Write Off",
    "Overpayment",
    "Refund",
];

/// A catalogue product.
pub struct Product {
    /// Description on the line.
    pub name: &'static str,
    /// Supplier style number.
    pub sku: &'static str,
    /// Internal product id.
    pub product_id: i64,
    /// Product index (1-based).
    pub index: i64,
    /// Supplier (1-based).
    pub supplier: i64,
    /// Apparel: quantities live on size lines under colour lines.
    pub apparel: bool,
    /// Unit cost in cents.
    pub cost: i64,
    /// Unit price in cents.
    pub price: i64,
}

macro_rules! products {
    ($(($name:expr, $sku:expr, $pid:expr, $index:expr, $sup:expr, $app:expr, $cost:expr, $price:expr)),* $(,)?) => {
        &[$(Product { name: $name, sku: $sku, product_id: $pid, index: $index, supplier: $sup,
                      apparel: $app, cost: $cost, price: $price }),*]
    };
}

/// The catalogue the seeded orders draw from.
pub const PRODUCTS: &[Product] = products![
    (
        "Heavy Cotton Tee",
        "AT5000",
        5_104_221,
        1,
        1,
        true,
        312,
        975
    ),
    (
        "Ladies V-Neck Tee",
        "AT5V00L",
        5_104_237,
        1,
        1,
        true,
        398,
        1150
    ),
    (
        "Performance Polo",
        "PP-8800",
        5_220_914,
        1,
        5,
        true,
        1475,
        3295
    ),
    (
        "Quarter-Zip Pullover",
        "KK-QZ40",
        5_318_402,
        1,
        4,
        true,
        2210,
        4850
    ),
    (
        "Pullover Hoodie",
        "NB-1850",
        5_318_777,
        1,
        2,
        true,
        1689,
        3600
    ),
    (
        "Crewneck Sweatshirt",
        "NB-1560",
        5_318_780,
        1,
        2,
        true,
        1205,
        2875
    ),
    (
        "Softshell Jacket",
        "MO-SS21",
        5_402_118,
        1,
        6,
        true,
        3150,
        6995
    ),
    (
        "Structured Twill Cap",
        "HH-112",
        5_501_006,
        2,
        3,
        true,
        465,
        1295
    ),
    (
        "Performance Crew Socks",
        "NS-PC3",
        5_509_310,
        1,
        38,
        true,
        255,
        850
    ),
    (
        "15 oz Ceramic Mug",
        "CC-M15",
        6_010_455,
        3,
        8,
        false,
        289,
        799
    ),
    (
        "20 oz Insulated Tumbler",
        "BW-T20",
        6_010_912,
        3,
        7,
        false,
        845,
        2195
    ),
    (
        "24 oz Sport Bottle",
        "VB-S24",
        6_011_337,
        3,
        31,
        false,
        410,
        1149
    ),
    (
        "Retractable Ballpoint Pen",
        "IW-RB1",
        6_201_003,
        5,
        9,
        false,
        38,
        129
    ),
    (
        "Cotton Canvas Tote",
        "CB-T12",
        6_305_771,
        4,
        10,
        false,
        295,
        895
    ),
    (
        "Laptop Backpack",
        "TB-LB17",
        6_305_990,
        4,
        35,
        false,
        1850,
        4295
    ),
    (
        "Wireless Charging Pad",
        "VT-WC10",
        6_402_245,
        6,
        11,
        false,
        675,
        1895
    ),
    (
        "10,000 mAh Power Bank",
        "VT-PB10K",
        6_402_301,
        6,
        11,
        false,
        1120,
        2895
    ),
    (
        "Spiral Journal",
        "PL-SJ58",
        6_505_120,
        7,
        12,
        false,
        265,
        875
    ),
    ("Golf Towel", "FG-GT16", 6_601_044, 8, 13, false, 310, 995),
    (
        "Sherpa Stadium Blanket",
        "HB-SB50",
        6_601_502,
        8,
        14,
        false,
        1390,
        3450
    ),
    (
        "Acrylic Recognition Award",
        "CP-AA8",
        6_701_819,
        9,
        15,
        false,
        2150,
        5900
    ),
    (
        "Breakaway Lanyard",
        "LL-BL34",
        6_505_433,
        7,
        16,
        false,
        62,
        245
    ),
    (
        "Auto-Open Golf Umbrella",
        "BU-G62",
        6_601_777,
        8,
        33,
        false,
        995,
        2650
    ),
];

/// Garment colours.
pub const COLORS: &[&str] = &[
    "Navy",
    "Black",
    "Sport Grey",
    "Royal",
    "Forest Green",
    "Maroon",
    "White",
    "Charcoal",
    "Cardinal Red",
    "Heather Blue",
];

/// Garment sizes in order.
pub const SIZES: &[&str] = &["XS", "S", "M", "L", "XL", "2XL", "3XL"];

/// Decoration locations.
pub const LOCATIONS: &[&str] = &[
    "Left Chest",
    "Full Front",
    "Full Back",
    "Right Sleeve",
    "Front Center",
    "Wrap",
];

/// Imprint colours.
pub const IMPRINT_COLORS: &[&str] = &[
    "PMS 286 C",
    "PMS 186 C",
    "White",
    "Black",
    "PMS 7547 C",
    "Metallic Gold",
];

/// Design names.
pub const DESIGNS: &[&str] = &[
    "Spring Logo 2026",
    "Anniversary Crest",
    "Staff Appreciation",
    "Team Roster Back",
    "Primary Logo",
    "Holiday Mark",
    "5K Finisher",
    "Safety First",
];

/// Free-text comments.
pub const COMMENTS: &[&str] = &[
    "Match previous order colours exactly.",
    "Rush: in hands before the event.",
    "Proof approved by client via e-mail.",
    "Split shipment to two addresses.",
    "Customer supplied artwork (vector).",
];

/// Ship-via options.
pub const SHIP_VIA: &[&str] = &[
    "UPS Ground",
    "UPS 2nd Day Air",
    "FedEx Ground",
    "FedEx 2Day",
    "Best Way",
    "Customer Pickup",
];

/// Job descriptions (the client's name is prefixed).
pub const JOB_TOPICS: &[&str] = &[
    "Staff Uniforms",
    "Spring Event Giveaways",
    "New Hire Kits",
    "Trade Show Booth",
    "Volunteer Shirts",
    "Holiday Gifts",
    "Team Apparel",
    "Open House Swag",
    "Customer Appreciation",
    "Fundraiser Merchandise",
    "Safety Week",
    "Conference Bags",
];
