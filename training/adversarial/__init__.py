"""The in-house adversarial data programme: rounds of written posts with contrast pairs (see DATASHEET.md)."""
