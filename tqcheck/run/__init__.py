"""Running checks: the runner, its progress display and the engines that spread the work."""
