"""What the workers' fork server reads, after hatescope.worker_preload, when the engine reads the packaged lexicons
and stance model (hatescope.worker_start.uses_packaged_data): importing this module is the work.

Preparing one text with a default engine builds the packaged resources (the spelling repair over the lexicons,
the target finder, the counter-speech weights: hatescope.resources) and loads the language identifier, ~0.8 s of
CPU that each worker would otherwise spend; none of it is a model session or a thread. Any failure is left to
the worker, which meets it again when it loads and reports it with its coded error.
"""

try:
    from hatescope.engine import Engine

    # Not English, so the language step reaches the identifier (an English text is settled by its words).
    Engine().prepare("Je ne sais pas pourquoi ils disent cela de nos voisins.")
except Exception:  # noqa: BLE001 - a warm-up only; the worker loads for itself
    pass
