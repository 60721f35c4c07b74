"""Stage 6: policies (versioned TOML files) and the decision they produce. See docs/POLICY.md."""

from hatescope.facts import Component
from hatescope.policy.decide import decide
from hatescope.policy.policy import PACKAGED, LabelRule, Policy, resolve_policy

#: The policy stage reads the voices (the speaker of reported hate) and fills no fact.
STAGE = Component("hatescope.policy", requires=("segments",))

__all__ = ["PACKAGED", "STAGE", "LabelRule", "Policy", "decide", "resolve_policy"]
