"""The feature contract shared with the API: names, order, types and valid ranges.

The API feeds raw values in exactly this column order and validates requests against
features.json, which is written from this table. Changing a name, the order or a range is a
breaking change for the API: bump CONTRACT and coordinate with the API.
"""

from dataclasses import dataclass
from typing import Literal

# Part of the model version string, so a model trained on another contract can never be
# mistaken for this one.
CONTRACT = "v1"

FeatureType = Literal["boolean", "integer", "number"]


@dataclass(frozen=True)
class Feature:
    name: str
    type: FeatureType
    min: float
    max: float
    # log1p before standardisation: heavy-tailed counts and rates would otherwise let one
    # extreme value saturate the network.
    log: bool
    description: str


FEATURES: tuple[Feature, ...] = (
    Feature("rootedDevice", "boolean", 0, 1, False, "Device is rooted or jailbroken"),
    Feature("vpn", "boolean", 0, 1, False, "Traffic comes through a VPN"),
    Feature("proxyHops", "integer", 0, 16, True, "Proxy hops detected between client and edge"),
    Feature(
        "thermalAnomaly",
        "boolean",
        0,
        1,
        False,
        "Device thermal profile inconsistent with a real handset (emulator, device farm)",
    ),
    Feature("biometricFailures", "integer", 0, 100, True, "Failed biometric checks in the session"),
    Feature(
        "locationChangesPerHour", "number", 0, 1000, True, "Distinct geolocation changes per hour"
    ),
    Feature(
        "amountZScore",
        "number",
        -100,
        100,
        False,
        "Z-score of the action's amount against the account's history",
    ),
    Feature("actionsPerHour", "number", 0, 10000, True, "Account actions per hour"),
    Feature("rapidApiCalls", "integer", 0, 100000, True, "API calls in the last 60 s"),
    Feature("unusualHour", "boolean", 0, 1, False, "Action at an hour the account rarely uses"),
)

NAMES: tuple[str, ...] = tuple(f.name for f in FEATURES)
N_FEATURES = len(FEATURES)
