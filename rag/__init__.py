"""The answer engine: retrieve → answer, with verified citations."""
