def test_the_upload_box_states_the_limit_the_app_enforces():
    """Streamlit's uploader prints `server.maxUploadSize` (MB) and refuses larger files itself."""
    import tomllib

    from smm_eval.limits import MAX_UPLOAD_BYTES

    from ..conftest import ROOT

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["server"]["maxUploadSize"] * 1024 * 1024 == MAX_UPLOAD_BYTES
