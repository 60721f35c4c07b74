"""Stage 6: policies (versioned TOML files) and the decision they produce."""

from hatescope.policy.decide import decide
from hatescope.policy.policy import LabelRule, Policy, resolve_policy

__all__ = ["LabelRule", "Policy", "decide", "resolve_policy"]
