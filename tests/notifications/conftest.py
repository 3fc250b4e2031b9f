from ..contrats.conftest import signatories, validated_version  # noqa: F401  (shared fixtures)
