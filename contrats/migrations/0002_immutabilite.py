from django.db import migrations

MESSAGE = "Un contrat signé ne change plus : toute modification passe par un avenant."

SQL = f"""
CREATE OR REPLACE FUNCTION contrats_version_signee_immuable() RETURNS trigger AS $$
BEGIN
  IF OLD.statut = 'signe' THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION contrats_contenu_de_version_signee() RETURNS trigger AS $$
DECLARE
  version_statut text;
BEGIN
  SELECT v.statut INTO version_statut FROM contrats_versioncontrat v
   WHERE v.id = CASE WHEN TG_OP = 'DELETE' THEN OLD.version_id ELSE NEW.version_id END;
  IF version_statut = 'signe' THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION contrats_signature_de_version_signee() RETURNS trigger AS $$
DECLARE
  version_statut text;
BEGIN
  SELECT v.statut INTO version_statut FROM contrats_versioncontrat v
    JOIN contrats_partiesignataire p ON p.version_id = v.id WHERE p.id = OLD.partie_id;
  IF version_statut = 'signe' THEN
    RAISE EXCEPTION '{MESSAGE}' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
  RETURN NEW;
END $$ LANGUAGE plpgsql;

CREATE TRIGGER contrats_version_immuable BEFORE UPDATE OR DELETE ON contrats_versioncontrat
  FOR EACH ROW EXECUTE FUNCTION contrats_version_signee_immuable();
CREATE TRIGGER contrats_ligne_immuable BEFORE INSERT OR UPDATE OR DELETE ON contrats_lignecontrat
  FOR EACH ROW EXECUTE FUNCTION contrats_contenu_de_version_signee();
CREATE TRIGGER contrats_partie_immuable BEFORE INSERT OR UPDATE OR DELETE ON contrats_partiesignataire
  FOR EACH ROW EXECUTE FUNCTION contrats_contenu_de_version_signee();
CREATE TRIGGER contrats_signature_immuable BEFORE UPDATE OR DELETE ON contrats_signature
  FOR EACH ROW EXECUTE FUNCTION contrats_signature_de_version_signee();
"""


def install(apps, schema_editor):
    # The last guard of a signed contract, below the services and the admin. SQLite (the embedded
    # demonstration mode) has no such trigger language; the services still refuse there.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL)


class Migration(migrations.Migration):
    dependencies = [("contrats", "0001_initial")]
    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
