"""Stage 6: policies (versioned TOML files) and the decision they produce. See docs/POLICY.md."""

from hatescope.policy.decide import decide
from hatescope.policy.policy import PACKAGED, LabelRule, Policy, resolve_policy

__all__ = ["PACKAGED", "LabelRule", "Policy", "decide", "resolve_policy"]
