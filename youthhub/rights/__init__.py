"""Data rights: a young person downloads all their data, asks for it to be erased, and sees
which staff looked at it; personal data is erased a set time after their planned ending."""
