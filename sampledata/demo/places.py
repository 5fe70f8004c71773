"""Essex places: commands, the 14 districts, parish and town councils, postcodes and roads."""

from __future__ import annotations

COMMANDS = [("North LPA", True), ("South LPA", True), ("West LPA", True), ("OPC/SCD", False)]

DISTRICT_COMMAND = {
    "Braintree": "North LPA",
    "Colchester": "North LPA",
    "Maldon": "North LPA",
    "Tendring": "North LPA",
    "Chelmsford": "West LPA",
    "Brentwood": "West LPA",
    "Epping Forest": "West LPA",
    "Harlow": "West LPA",
    "Uttlesford": "West LPA",
    "Basildon": "South LPA",
    "Castle Point": "South LPA",
    "Rochford": "South LPA",
    "Southend-on-Sea": "South LPA",
    "Thurrock": "South LPA",
}

POSTCODE_DISTRICTS = {
    "Basildon": ["SS12", "SS13", "SS14", "SS15", "SS16", "CM11", "CM12"],
    "Braintree": ["CM7", "CM77", "CM8", "CO9", "CO6"],
    "Brentwood": ["CM13", "CM14", "CM15", "CM4"],
    "Castle Point": ["SS7", "SS8"],
    "Chelmsford": ["CM1", "CM2", "CM3"],
    "Colchester": ["CO1", "CO2", "CO3", "CO4", "CO5", "CO7"],
    "Epping Forest": ["CM16", "IG10", "EN9", "CM5", "IG7"],
    "Harlow": ["CM17", "CM18", "CM19", "CM20"],
    "Maldon": ["CM9", "CM0"],
    "Rochford": ["SS4", "SS5", "SS6", "SS3"],
    "Tendring": ["CO11", "CO12", "CO13", "CO14", "CO15", "CO16"],
    "Uttlesford": ["CB10", "CB11", "CM6", "CM22", "CM24"],
    "Southend-on-Sea": ["SS0", "SS1", "SS2", "SS9"],
    "Thurrock": ["RM15", "RM16", "RM17", "RM18", "RM20", "SS17"],
}

# Town councils are marked with a T; every other name is a parish council.
_PARISHES = {
    "Basildon": "Billericay T; Great Burstead and South Green; Little Burstead; Noak Bridge; Ramsden Bellhouse; "
    "Ramsden Crays; Bowers Gifford and North Benfleet; Shotgate",
    "Braintree": "Witham T; Halstead T; Coggeshall; Earls Colne; Hatfield Peverel; Kelvedon; Silver End; Rivenhall; "
    "Terling and Fairstead; Great Notley; Black Notley; Rayne; Cressing; Feering; Sible Hedingham; "
    "Castle Hedingham; Great Yeldham; Steeple Bumpstead; Finchingfield; Wethersfield; Gosfield; Stisted; "
    "White Notley; Great Bardfield; Shalford; Panfield; Ridgewell; Colne Engaine; White Colne; Bures Hamlet",
    "Brentwood": "Ingatestone and Fryerning; Blackmore, Hook End and Wyatts Green; Doddinghurst; "
    "Herongate and Ingrave; Kelvedon Hatch; Mountnessing; Navestock; Stondon Massey; West Horndon",
    "Castle Point": "Canvey Island T",
    "Chelmsford": "South Woodham Ferrers T; Writtle; Danbury; Great Baddow; Broomfield; Boreham; Little Baddow; "
    "Great Waltham; Little Waltham; Rettendon; Runwell; East Hanningfield; West Hanningfield; Stock; "
    "Margaretting; Galleywood; Springfield; Chignal; Good Easter; Highwood; Roxwell; Sandon; "
    "Woodham Ferrers and Bicknacre; Pleshey; Great and Little Leighs",
    "Colchester": "Wivenhoe T; West Mersea T; Tiptree; Dedham; Boxted; Great Horkesley; West Bergholt; Copford; "
    "Stanway; Marks Tey; Eight Ash Green; Fordham; Langham; East Donyland; Layer de la Haye; "
    "Abberton and Langenhoe; Fingringhoe; Great Tey; Messing-cum-Inworth; Birch; Aldham; Chappel",
    "Epping Forest": "Epping T; Loughton T; Waltham Abbey T; Ongar T; Buckhurst Hill; Chigwell; Theydon Bois; "
    "North Weald Bassett; Nazeing; Roydon; Lambourne; Stapleford Abbotts; Moreton, Bobbingworth and the Lavers; "
    "High Ongar; Fyfield; Matching; Sheering; Theydon Mount; Stanford Rivers; Epping Upland",
    "Maldon": "Maldon T; Burnham-on-Crouch T; Heybridge; Tollesbury; Tolleshunt D'Arcy; Southminster; Latchingdon; "
    "Mayland; Althorne; Purleigh; Woodham Walter; Wickham Bishops; Great Totham; Little Totham; Langford; "
    "Goldhanger; Tillingham; Bradwell-on-Sea; St Lawrence; Cold Norton; Stow Maries; Great Braxted",
    "Rochford": "Rayleigh T; Rochford; Hullbridge; Hockley; Hawkwell; Ashingdon; Canewdon; Great Wakering; "
    "Barling Magna; Rawreth; Stambridge; Sutton; Paglesham",
    "Tendring": "Frinton and Walton T; Brightlingsea T; Harwich T; Manningtree T; Lawford; Mistley; Ardleigh; "
    "Alresford; Great Bentley; Thorrington; St Osyth; Elmstead; Little Clacton; Great Bromley; Little Bromley; "
    "Wix; Bradfield; Ramsey and Parkeston; Tendring; Weeley; Thorpe-le-Soken; Kirby-le-Soken; Great Oakley; "
    "Beaumont-cum-Moze; Frating; Little Bentley; Great Holland",
    "Uttlesford": "Saffron Walden T; Great Dunmow T; Thaxted; Stansted Mountfitchet; Elsenham; Takeley; Newport; "
    "Henham; Felsted; Hatfield Broad Oak; Great Chesterford; Little Chesterford; Clavering; "
    "Quendon and Rickling; Ugley; Debden; Wimbish; Radwinter; Ashdon; Hempstead; Great Sampford; "
    "Little Dunmow; Stebbing; Great Easton; Little Easton; Barnston; High Roding; Manuden; Berden; Farnham; "
    "Birchanger; Widdington; Littlebury; Wendens Ambo; Arkesden; Elmdon",
    "Southend-on-Sea": "Leigh-on-Sea T",
}


def parishes() -> list[tuple[str, str, str]]:
    """(name, 'town' or 'parish', district) for every council in the demo."""
    out = []
    for district, names in _PARISHES.items():
        for raw in names.split("; "):
            kind = "town" if raw.endswith(" T") else "parish"
            out.append((raw.removesuffix(" T"), kind, district))
    return out


# Places without a parish council that still have Speed Watch groups (Harlow and Thurrock are unparished).
UNPARISHED_VILLAGES = [
    ("Orsett", "Thurrock"),
    ("Bulphan", "Thurrock"),
    ("Horndon-on-the-Hill", "Thurrock"),
    ("Fobbing", "Thurrock"),
    ("Old Harlow", "Harlow"),
    ("Shoeburyness", "Southend-on-Sea"),
    ("Wickford", "Basildon"),
    ("Thundersley", "Castle Point"),
]

ROADS = [
    "High Street",
    "Church Road",
    "London Road",
    "Station Road",
    "Main Road",
    "Chelmsford Road",
    "Mill Lane",
    "School Lane",
    "The Street",
    "Colchester Road",
    "Maldon Road",
    "Southend Road",
    "Braintree Road",
    "Hall Lane",
    "Rectory Road",
    "Back Lane",
    "Green Lane",
    "Dunmow Road",
    "Coggeshall Road",
    "Ongar Road",
]

# Cadet units open today, named after their towns, and the four due to re-open.
OPEN_CADET_UNITS = [
    ("Colchester", "Colchester", "Tuesday"),
    ("Basildon", "Basildon", "Wednesday"),
    ("Southend", "Southend-on-Sea", "Monday"),
    ("Harlow", "Harlow", "Thursday"),
    ("Clacton", "Tendring", "Tuesday"),
    ("Grays", "Thurrock", "Wednesday"),
    ("Loughton", "Epping Forest", "Monday"),
    ("Rayleigh", "Rochford", "Thursday"),
    ("Maldon", "Maldon", "Tuesday"),
]
REOPENING_CADET_UNITS = [
    ("Chelmsford", "Chelmsford"),
    ("Braintree", "Braintree"),
    ("Uttlesford", "Uttlesford"),
    ("Brentwood", "Brentwood"),
]
