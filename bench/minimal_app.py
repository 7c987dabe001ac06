"""The floor for page timings: one Plotly chart and nothing else."""

import plotly.graph_objects as go
import streamlit as st

st.title("Minimal page")
st.plotly_chart(go.Figure(go.Scatter(x=list(range(12)), y=[3, 5, 4, 6, 8, 7, 9, 8, 10, 9, 11, 12])),
                width="stretch")
