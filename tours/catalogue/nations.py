"""Travellers' nationalities: ISO 3166-1 alpha-2 codes, or "third-country" (the default)."""

from __future__ import annotations

from tours.errors import RequestError
from tours.names import suggest

THIRD_COUNTRY = "third-country"

# ISO 3166-1 alpha-2, officially assigned codes (ISO 3166 Maintenance Agency, the 249 of
# https://www.iso.org/iso-3166-country-codes.html as listed in the standard's 2020 edition).
ISO_CODES = frozenset(
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ BR
    BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC
    EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK
    HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB
    LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ
    NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU
    RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN
    TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA ZM ZW""".split()  # noqa: SIM905
)


def nationality(value: str | None) -> str | None:
    """ "am" -> "AM"; None, "" or "third-country" -> None; anything else is a RequestError."""
    if value is None or value.strip().lower() in ("", THIRD_COUNTRY):
        return None
    code = value.strip().upper()
    if code not in ISO_CODES:
        hint = suggest(code, sorted(ISO_CODES))
        raise RequestError(
            f"nationality {value!r} is not an ISO 3166-1 alpha-2 code. Hint: AM, AZ, GE, TR, DE, ... "
            f"or {THIRD_COUNTRY} (the default)" + (f"; did you mean {', '.join(hint)}?" if hint else ".")
        )
    return code
