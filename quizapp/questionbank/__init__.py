"""Question banks and contest presets: loading YAML files, checking them, choosing questions."""
