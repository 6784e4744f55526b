"""Alembic environment for Flask-Migrate: runs the migrations on the app's own engine."""

import logging
from logging.config import fileConfig

from alembic import context
from flask import current_app

config = context.config
# Keep the app's and the server's loggers working after a migration runs at start-up.
fileConfig(config.config_file_name, disable_existing_loggers=False)
if current_app.extensions.get("quizapp.quiet_migrations"):  # create_schema(quiet=True): warnings only
    for name in ("alembic", "flask_migrate"):
        logging.getLogger(name).setLevel(logging.WARNING)
logger = logging.getLogger("alembic.env")
target_db = current_app.extensions["migrate"].db
config.set_main_option("sqlalchemy.url", target_db.engine.url.render_as_string(hide_password=False).replace("%", "%%"))


def run_migrations_offline():
    """Write the migrations as SQL for a URL, without connecting."""
    context.configure(
        url=config.get_main_option("sqlalchemy.url"), target_metadata=target_db.metadata, literal_binds=True
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online():
    """Run the migrations on a connection of the app's engine."""

    def skip_empty(context, revision, directives):
        """Write no new revision when autogenerate finds no change."""
        if getattr(config.cmd_opts, "autogenerate", False) and directives[0].upgrade_ops.is_empty():
            directives[:] = []
            logger.info("No changes in schema detected.")

    arguments = current_app.extensions["migrate"].configure_args
    arguments.setdefault("process_revision_directives", skip_empty)
    with target_db.engine.connect() as connection:
        sqlite = connection.dialect.name == "sqlite"
        if sqlite:
            # SQLite alters a table by copying it; with foreign keys enforced, dropping the old
            # copy of a referenced table fails. Check the keys once the migration is done instead.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()  # end the transaction the PRAGMA began, so the migration's own commits
        context.configure(connection=connection, target_metadata=target_db.metadata, **arguments)
        with context.begin_transaction():
            context.run_migrations()
        if sqlite:
            broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            connection.commit()
            if broken:
                raise RuntimeError(f"the migration left rows whose foreign keys point nowhere: {broken[:5]}")


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
