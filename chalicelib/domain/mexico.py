"""Mexican reference data: INEGI states, Banxico regions, SCIAN 2023 sectors and the DOF 2009 sector groups."""

# INEGI CVE_ENT -> (official name, common name). Codes stay 2-character strings.
STATES = {
    "01": "Aguascalientes", "02": "Baja California", "03": "Baja California Sur", "04": "Campeche",
    "05": "Coahuila de Zaragoza", "06": "Colima", "07": "Chiapas", "08": "Chihuahua", "09": "Ciudad de México",
    "10": "Durango", "11": "Guanajuato", "12": "Guerrero", "13": "Hidalgo", "14": "Jalisco", "15": "México",
    "16": "Michoacán de Ocampo", "17": "Morelos", "18": "Nayarit", "19": "Nuevo León", "20": "Oaxaca",
    "21": "Puebla", "22": "Querétaro", "23": "Quintana Roo", "24": "San Luis Potosí", "25": "Sinaloa",
    "26": "Sonora", "27": "Tabasco", "28": "Tamaulipas", "29": "Tlaxcala", "30": "Veracruz de Ignacio de la Llave",
    "31": "Yucatán", "32": "Zacatecas",
}

# Banxico "Reporte sobre las Economías Regionales" grouping, used as a fallback cohort.
REGIONS = {
    "norte": ("02", "05", "08", "19", "26", "28"),
    "centro-norte": ("01", "03", "06", "10", "14", "16", "18", "24", "25", "32"),
    "centro": ("09", "11", "13", "15", "17", "21", "22", "29"),
    "sur": ("04", "07", "12", "20", "23", "27", "30", "31"),
}
REGION_NAMES = {
    "norte": {"es": "región Norte", "en": "North region"},
    "centro-norte": {"es": "región Centro-Norte", "en": "Centre-North region"},
    "centro": {"es": "región Centro", "en": "Centre region"},
    "sur": {"es": "región Sur", "en": "South region"},
}
_STATE_REGION = {state: region for region, states in REGIONS.items() for state in states}

# SCIAN 2023 sectors: code -> {es, en}.
SECTORS = {
    "11": {"es": "Agricultura, cría y explotación de animales, aprovechamiento forestal, pesca y caza",
           "en": "Agriculture, forestry, fishing and hunting"},
    "21": {"es": "Minería", "en": "Mining"},
    "22": {"es": "Generación, transmisión, distribución y comercialización de energía eléctrica, suministro de agua "
                 "y de gas natural por ductos al consumidor final", "en": "Utilities"},
    "23": {"es": "Construcción", "en": "Construction"},
    "31-33": {"es": "Industrias manufactureras", "en": "Manufacturing"},
    "43": {"es": "Comercio al por mayor", "en": "Wholesale trade"},
    "46": {"es": "Comercio al por menor", "en": "Retail trade"},
    "48-49": {"es": "Transportes, correos y almacenamiento", "en": "Transport, postal and warehousing"},
    "51": {"es": "Información en medios masivos", "en": "Information and media"},
    "52": {"es": "Servicios financieros y de seguros", "en": "Finance and insurance"},
    "53": {"es": "Servicios inmobiliarios y de alquiler de bienes muebles e intangibles",
           "en": "Real estate and rental"},
    "54": {"es": "Servicios profesionales, científicos y técnicos",
           "en": "Professional, scientific and technical services"},
    "55": {"es": "Corporativos", "en": "Management of companies"},
    "56": {"es": "Servicios de apoyo a los negocios y manejo de residuos, y servicios de remediación",
           "en": "Business support, waste management and remediation"},
    "61": {"es": "Servicios educativos", "en": "Education"},
    "62": {"es": "Servicios de salud y de asistencia social", "en": "Health care and social assistance"},
    "71": {"es": "Servicios de esparcimiento culturales y deportivos, y otros servicios recreativos",
           "en": "Arts, entertainment and recreation"},
    "72": {"es": "Servicios de alojamiento temporal y de preparación de alimentos y bebidas",
           "en": "Accommodation and food services"},
    "81": {"es": "Otros servicios excepto actividades gubernamentales", "en": "Other services"},
    "93": {"es": "Actividades legislativas, gubernamentales, de impartición de justicia y de organismos "
                 "internacionales y extraterritoriales", "en": "Government and international bodies"},
}
_MULTI = {"31": "31-33", "32": "31-33", "33": "31-33", "48": "48-49", "49": "48-49"}

# DOF 2009 groups: the size caps differ for industry, commerce and services.
INDUSTRY = frozenset({"11", "21", "22", "23", "31-33"})
COMMERCE = frozenset({"43", "46"})


def region_of(state: str) -> str:
    return _STATE_REGION[state]


# Five sector groups for small cohorts (domain.md §4.3): peers of the same size in a related activity.
SECTOR_GROUPS = {
    "primario": ("11", "21"), "industria": ("22", "23", "31-33"), "comercio": ("43", "46"),
    "servicios-profesionales": ("51", "52", "53", "54", "55", "56"),
    "otros-servicios": ("48-49", "61", "62", "71", "72", "81", "93"),
}
SECTOR_GROUP_NAMES = {
    "primario": {"es": "sector primario", "en": "primary sector"},
    "industria": {"es": "industria", "en": "industry"},
    "comercio": {"es": "comercio", "en": "trade"},
    "servicios-profesionales": {"es": "servicios profesionales y financieros",
                                "en": "professional and financial services"},
    "otros-servicios": {"es": "otros servicios", "en": "other services"},
}
_SECTOR_GROUP = {sector: group for group, sectors in SECTOR_GROUPS.items() for sector in sectors}


def sector_group_of(sector: str) -> str:
    return _SECTOR_GROUP[sector]


def normalise_sector(code: str) -> str | None:
    """Accept a 2-digit sector, a range ("31-33") or a 6-digit SCIAN activity; return the sector code or None."""
    code = code.strip()
    if code in SECTORS:
        return code
    prefix = code[:2]
    if len(code) == 6 and code.isdigit():
        sector = _MULTI.get(prefix, prefix)
        return sector if sector in SECTORS else None
    return _MULTI.get(code) if len(code) == 2 else None


def dof_group(sector: str) -> str:
    if sector in INDUSTRY:
        return "industria"
    if sector in COMMERCE:
        return "comercio"
    return "servicios"
