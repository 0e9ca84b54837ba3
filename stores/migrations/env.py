"""Alembic's entry point for Klyngebot's own tables (stores/requests.py); Rasa's tracker store
creates its `events` table itself and is left alone."""

from alembic import context
from sqlalchemy import create_engine

from stores.requests import metadata

config = context.config


def run() -> None:
    url = config.get_main_option("sqlalchemy.url")
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return
    engine = create_engine(url, future=True)
    with engine.connect() as connection:
        # Alembic's own bookkeeping table is named for the project, beside Rasa's `events`.
        context.configure(connection=connection, target_metadata=metadata, version_table="klyngebot_schema")
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
