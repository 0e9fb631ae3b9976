"""One module per ``vnnews`` subcommand: ``add_arguments(parser)`` and ``run(args) -> int``."""
