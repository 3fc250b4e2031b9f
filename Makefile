# The two commands of the README. Everything else is in scripts/.
.PHONY: run test audit

run:
	@bash scripts/run.sh

test:
	@bash scripts/test.sh

# Known vulnerabilities of the installed dependencies; needs access to PyPI's vulnerability data.
audit:
	@.venv/bin/pip-audit --strict --progress-spinner off
