"""Development tools that ship with YouthHub but are not part of the installed app."""
