"""caselearn in the browser: `make run` serves this on 127.0.0.1:8501 (see docs/app.md)."""

import streamlit as st

from caselearn.ui import chat, evals, library, quiz, themes

st.set_page_config(page_title="caselearn", page_icon="📘", layout="wide")
pages = [
    st.Page(chat.render, title="Chat", icon=":material/chat:", url_path="chat", default=True),
    st.Page(library.render, title="Library", icon=":material/library_books:", url_path="library"),
    st.Page(themes.render, title="Themes", icon=":material/grid_on:", url_path="themes"),
    st.Page(quiz.render, title="Quiz", icon=":material/quiz:", url_path="quiz"),
    st.Page(evals.render, title="Evals", icon=":material/monitoring:", url_path="evals"),
]
st.navigation(pages).run()
