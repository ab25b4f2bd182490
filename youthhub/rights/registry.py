"""Every domain's personal data source, listed by hand as blueprints are (see
`core/personal_data.py`). The order is the order of erasure: what hangs off a record goes
before the record, and the account is anonymised last."""

from youthhub.core.personal_data import PersonalDataSource


def sources() -> tuple[PersonalDataSource, ...]:
    from youthhub.accounts.personal_data import AccountData, EqualityData
    from youthhub.activities.personal_data import ActivitiesData
    from youthhub.core.outbox import OfflineSendsData
    from youthhub.core.personal_data import AuditData
    from youthhub.endings.personal_data import EndingsData
    from youthhub.goals.personal_data import GoalsData
    from youthhub.groups.personal_data import GroupsData
    from youthhub.notices.personal_data import NoticesData, NotificationPhonesData
    from youthhub.payments.personal_data import PaymentsData
    from youthhub.rights.personal_data import RightsData
    from youthhub.support.personal_data import SupportData

    return (
        EndingsData(),
        GoalsData(),
        SupportData(),
        PaymentsData(),
        GroupsData(),
        ActivitiesData(),
        NoticesData(),
        NotificationPhonesData(),
        OfflineSendsData(),
        RightsData(),
        EqualityData(),
        AuditData(),
        AccountData(),
    )


# The order of the download's sections: the person first.
EXPORT_ORDER = (
    "account",
    "activities",
    "groups",
    "goals",
    "money",
    "ending",
    "support",
    "notices",
    "notification_phones",
    "offline_sends",
    "equality",
    "data_rights",
    "audit",
)


def covered_columns() -> dict[str, str]:
    """Every "table.column" pointing at a user that some source covers, with its rule."""
    return {column: rule for source in sources() for column, rule in source.covers.items()}


def reasons_to_wait(person) -> list[str]:
    """What any domain says would be lost by erasing this person now (e.g. a claim unpaid)."""
    return [
        str(reason)
        for source in sources()
        for reason in getattr(source, "still_in_progress", lambda _person: [])(person)
    ]
