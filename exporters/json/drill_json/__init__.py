"""Full-fidelity JSON exporter for drill."""
