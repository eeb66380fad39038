"""The Streamlit app's pages (`streamlit_app.py` is the entry point): one page per module."""
