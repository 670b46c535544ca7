"""The library of digital learning materials with expert review (M25): materials and their versions, the public
and internal catalogues, their use in program modules and lessons."""
