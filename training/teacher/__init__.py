"""The teacher: all-mpnet-base-v2 (109M parameters), fine-tuned for training only and never shipped."""
