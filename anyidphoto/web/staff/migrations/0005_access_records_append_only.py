"""Staff's access records append-only in the database itself, not only in ``save()``.

A row is never deleted, and never changed but for one rewrite: the erasure of
its customer (``staff.services.accesses_forget_customer``: address, id and
reason become "erased"; who looked, at what and when stay). On SQLite (the
embedded profile) the update rule holds; deletion is refused on PostgreSQL,
the production database (Django's test flush on SQLite deletes rows).
"""

from django.db import migrations

KEEP = (
    "NEW.id = OLD.id AND NEW.staff_id = OLD.staff_id AND NEW.photo_id = OLD.photo_id"
    " AND NEW.what = OLD.what AND NEW.at = OLD.at"
)
ERASED = "NEW.customer_email = 'erased' AND NEW.customer_id IS NULL AND NEW.reason = 'erased'"

POSTGRESQL = f"""
CREATE FUNCTION staff_contentaccess_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'staff access records are never deleted';
    END IF;
    IF NOT ({KEEP} AND {ERASED}) THEN
        RAISE EXCEPTION 'staff access records are never changed, but to erase their customer';
    END IF;
    RETURN NEW;
END
$$ LANGUAGE plpgsql;
CREATE TRIGGER staff_contentaccess_append_only BEFORE UPDATE OR DELETE ON staff_contentaccess
    FOR EACH ROW EXECUTE FUNCTION staff_contentaccess_append_only();
"""
POSTGRESQL_UNDO = """
DROP TRIGGER IF EXISTS staff_contentaccess_append_only ON staff_contentaccess;
DROP FUNCTION IF EXISTS staff_contentaccess_append_only();
"""
SQLITE = f"""
CREATE TRIGGER staff_contentaccess_append_only BEFORE UPDATE ON staff_contentaccess
WHEN NOT ({KEEP} AND {ERASED})
BEGIN
    SELECT RAISE(ABORT, 'staff access records are never changed, but to erase their customer');
END;
"""
SQLITE_UNDO = "DROP TRIGGER IF EXISTS staff_contentaccess_append_only;"


def forward(apps, schema_editor):
    sql = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def backward(apps, schema_editor):
    sql = {"postgresql": POSTGRESQL_UNDO, "sqlite": SQLITE_UNDO}.get(
        schema_editor.connection.vendor
    )
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("staff", "0004_roles_review")]
    operations = [migrations.RunPython(forward, backward)]
