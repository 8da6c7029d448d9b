"""The countries and regions an address form offers: ISO 3166 names (pycountry) of the countries
shipping zones serve, and the ISO 3166-2 states of those countries where a state decides shipping
or tax. Cached a minute, like the category tree: every checkout page shows them."""

import pycountry
from django.core.cache import cache

from apps.shipping.selectors import served_destinations

CACHE_KEY = "storefront:destinations"
CACHE_SECONDS = 60
# Countries whose addresses need a state: their shipping and sales tax go by state.
COUNTRIES_WITH_STATES = {"US", "CA", "AU", "MX", "BR", "IN"}


def _country_name(code):
    country = pycountry.countries.get(alpha_2=code)
    return getattr(country, "common_name", None) or (country.name if country else code)


def _states(code):
    """[(state code without the country prefix, name)] of a country's top-level subdivisions."""
    subdivisions = pycountry.subdivisions.get(country_code=code) or []
    states = [(s.code.split("-", 1)[1], s.name) for s in subdivisions if s.parent_code is None]
    return sorted(states, key=lambda state: state[1])


def destinations():
    """{"countries": [(code, name)] by name, "states": {country code: [(code, name)]}}."""
    cached = cache.get(CACHE_KEY)
    if cached is None:
        served = served_destinations()
        cached = {
            "countries": sorted(((code, _country_name(code)) for code in served), key=lambda country: country[1]),
            "states": {code: _states(code) for code in served if code in COUNTRIES_WITH_STATES},
        }
        cache.set(CACHE_KEY, cached, CACHE_SECONDS)
    return cached


def all_destinations():
    """destinations() for every ISO 3166 country (address books: billing may be anywhere)."""
    countries = sorted(
        ((country.alpha_2, _country_name(country.alpha_2)) for country in pycountry.countries), key=lambda c: c[1]
    )
    return {"countries": countries, "states": {code: _states(code) for code in sorted(COUNTRIES_WITH_STATES)}}


def state_choices(known):
    """Grouped choices of a state select: an empty choice, then one group per country by name."""
    names = dict(known["countries"])
    groups = [(names[code], states) for code, states in known["states"].items()]
    return [("", "No state / region"), *sorted(groups)]
