from django.db import migrations

# An initiative matches a search by its own text: a case-insensitive regular expression checked on
# the rows the search index lets through. PostgreSQL prices ``~*`` like an equality, so it may
# check every initiative's text before it joins the index's matches, and read the whole table.
# The same check in a function priced as costly makes it the last condition the planner applies.
FORWARD = """
CREATE FUNCTION sscatlas_iregex(string text, pattern text) RETURNS boolean
    LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE COST 1000
    AS $$ BEGIN RETURN string ~* pattern; END $$
"""
BACKWARD = "DROP FUNCTION sscatlas_iregex(text, text)"


def run(sql):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("initiatives", "0015_programmes"),
    ]

    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
