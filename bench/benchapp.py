"""The app a bench measures: the essentials of the tests' configuration, in a folder of its own."""

from youthhub import create_app


def bench_app(instance_path, database_uri: str | None = None, *, csrf=True, limits=True, **config):
    """`database_uri` is a SQLite file in `instance_path` unless given. Benches that post forms
    without a browser turn the CSRF check off (`csrf=False`), and those that sign in many times
    the login limits (`limits=False`); anything else is passed on as configuration."""
    return create_app(
        {
            "SECRET_KEY": "b" * 40,
            "INSTANCE_PATH": str(instance_path),
            "SQLALCHEMY_DATABASE_URI": database_uri or f"sqlite:///{instance_path}/bench.sqlite",
            **({} if csrf else {"WTF_CSRF_ENABLED": False}),
            **({} if limits else {"RATELIMIT_ENABLED": False}),
            **config,
        }
    )
