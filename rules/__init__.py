"""Built-in rule packs (YAML); installed as the nlp_audit.rulepacks package."""
