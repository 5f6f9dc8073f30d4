"""Sub-command modules of the CLI; each defines ``register(subparsers)``."""
