"""Development tools of nlp-audit: importable from a checkout (the repository root on sys.path), never
installed with the package. ``devtools.synth`` generates synthetic forms with their truth and renders
them through the layouts and perturbations real text extraction produces."""
