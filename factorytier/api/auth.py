from ninja.security import HttpBearer, django_auth

from factorytier.accounts.services import user_for_token


class PersonalToken(HttpBearer):
    """`Authorization: Bearer ft_…` with a token the user created on their profile page."""

    def authenticate(self, request, token):
        user = user_for_token(token)
        if user is not None:
            request.user = user
        return user


AUTH = [PersonalToken(), django_auth]
