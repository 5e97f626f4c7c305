"""The workspace as the app's frame shows it: the sidebar line, a configuration refused at start,
and a page that failed, told in the user's language without internals.

Not a page (the leading underscore keeps it out of the navigation). Visitors never see a server
path, a password or a traceback: the sidebar names a SQLite file by its file name only and a
server URL with its password hidden (`describe_workspace`); a configuration that cannot work stops
the app with the setting's name and what to change (`config.*` problems); an uncaught error shows
a short notice with an incident code, and the log (the server's console) gets the traceback with
the same code. Streamlit's own error box is kept generic by `client.showErrorDetails = "none"`
(.streamlit/config.toml).
"""

from __future__ import annotations

import logging
import uuid

import streamlit as st

from pages._ui import _open, database
from smm_eval.errors import ConfigurationError
from smm_eval.i18n import Messages
from smm_eval.markdown import escape_markdown
from smm_eval.services.workspace import DatabaseUnavailableError

LOG = logging.getLogger("smm_eval.app")


def workspace_status(t: Messages) -> ConfigurationError | None:
    """Open the workspace once per process and say in the sidebar where it lives.

    Returns the configuration problem when the settings cannot work (the caller stops the app);
    a database that is down only gets a sidebar warning: the pages that need it say so themselves.
    """
    try:
        db = database()
        _open(db.url)
    except ConfigurationError as exc:
        LOG.error("the workspace settings were refused: %s", exc.summary())  # full paths, for the operator
        return exc
    except DatabaseUnavailableError as exc:
        LOG.warning("the workspace database cannot be reached: %s", exc.detail)
        st.warning(t("app.workspace_unavailable", where=escape_markdown(exc.where)), icon=":material/database:")
        return None
    st.caption(t("app.workspace", where=escape_markdown(db.describe())))
    return None


def refuse_configuration(t: Messages, exc: ConfigurationError, heading: str = "app.config_refused") -> None:
    """The page error for settings that cannot work: which setting, what is wrong; then stop.
    `heading` is the message key above the table (the database settings by default)."""
    import pandas as pd  # only when refusing: the first page of a working app does not load pandas

    st.error(t(heading), icon=":material/settings_alert:")
    table = pd.DataFrame(
        {
            t("app.config_setting"): [p.source for p in exc.problems],
            t("common.problem"): [t.problem(p) for p in exc.problems],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    st.stop()


def page_failed(t: Messages, exc: Exception) -> None:
    """Log an uncaught error of a page with an incident code and tell the visitor, without details."""
    incident = uuid.uuid4().hex[:8]
    LOG.error("incident %s: uncaught error on a page", incident, exc_info=exc)
    st.error(t("app.page_failed", incident=incident), icon=":material/error:")
