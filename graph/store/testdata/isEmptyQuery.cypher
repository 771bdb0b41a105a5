RETURN NOT (EXISTS { (:Person) } OR EXISTS { (:Team) } OR EXISTS { (:Matter) }
         OR EXISTS { (:Mandate) } OR EXISTS { (:Touchpoint) }) AS empty
