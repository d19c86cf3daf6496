"""Forms of the member lifecycle pages: one module per area. They parse and label input; services save."""
