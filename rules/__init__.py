"""Rule packs: YAML data only, no code. Each sub-folder is a pack (pack.yaml + one file per rule)."""
