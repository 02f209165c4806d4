"""The Qt wizard (issue 5): widgets and wiring only; every rule lives in models/."""
